using System.Collections.Concurrent;

namespace XaiRouter.Console.Tests;

/// <summary>
/// The Orleans dashboard in a real browser: the operator signs in through the form, the dashboard renders with the
/// cluster's numbers, every file and question goes to the Gateway itself (nothing from the internet), and the page's
/// policy refuses nothing the dashboard needs.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DashboardBrowserTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Operator_SignsInThroughTheForm_AndTheDashboardRenders_FromTheGatewayAlone()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var requested = new ConcurrentQueue<string>();
        var consoleErrors = new ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Enqueue(message.Text);
            }
        };

        // Without a session the dashboard answers 401 with the sign-in form.
        var refused = await page.GotoAsync("/admin/dashboard/");
        Assert.Equal(401, refused?.Status);
        await page.GetByLabel("Operator token").FillAsync(fixture.OperatorToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(new Uri(fixture.BaseAddress, "/admin/dashboard/").ToString());
        await Expect(page.GetByText("Total Activations").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Active Silos").First).ToBeVisibleAsync();

        // The session cookie as the browser stored it.
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "xai_dashboard");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/admin/dashboard", cookie.Path);
        Assert.DoesNotContain(fixture.OperatorToken, cookie.Value);

        // The token never travelled in a URL, and nothing was fetched from anywhere but the Gateway.
        var origin = fixture.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Contains(requested, url => url.EndsWith("/admin/dashboard/DashboardCounters", StringComparison.Ordinal));
        Assert.All(requested, url => Assert.StartsWith(origin + "/", url));
        Assert.DoesNotContain(requested, url => url.Contains(fixture.OperatorToken, StringComparison.Ordinal));
        Assert.DoesNotContain(consoleErrors, error => error.Contains("Content Security Policy", StringComparison.Ordinal));
    }
}
