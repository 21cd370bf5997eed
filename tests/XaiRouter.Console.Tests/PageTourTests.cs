using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace XaiRouter.Console.Tests;

/// <summary>
/// Every page, light and dark: axe-core finds no serious or critical violation, and a screenshot of each (plus one
/// 375 px wide in the light tour) goes to the screenshot folder for a reviewer. docs/console-overview.png is a copy
/// of overview-light.png.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PageTourTests(ConsoleFixture fixture)
{
    public static readonly string[] TenantPages = ["Overview", "Usage", "Requests", "Keys", "Provider keys", "Pools", "Prices", "Settings"];

    public static readonly string[] OperatorPages = ["Tenants", "Spend", "Nodes"];

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task SignInPage_IsAccessible(ColorScheme scheme)
    {
        await using var console = await ConsolePage.OpenAsync(fixture, scheme);
        await console.GotoAsync("#/signin");

        await VisitAsync(console, "Sign in", scheme);
    }

    [Theory]
    [InlineData("tenant", ColorScheme.Light)]
    [InlineData("tenant", ColorScheme.Dark)]
    [InlineData("operator", ColorScheme.Light)]
    [InlineData("operator", ColorScheme.Dark)]
    public async Task SignedInPages_AreAccessible(string signedInAs, ColorScheme scheme)
    {
        await using var console = await ConsolePage.OpenAsync(fixture, scheme);
        if (signedInAs == "operator")
        {
            await console.SignInAsOperatorAsync(fixture.OperatorToken);
        }
        else
        {
            await console.SignInWithPassphraseAsync(fixture.Demo);
        }

        foreach (var page in signedInAs == "operator" ? OperatorPages : TenantPages)
        {
            await console.NavigateAsync(page);
            await VisitAsync(console, page, scheme);
        }
    }

    /// <summary>Checks the theme and runs axe on the page as shown; saves its screenshots.</summary>
    private static async Task VisitAsync(ConsolePage console, string page, ColorScheme scheme)
    {
        var theme = scheme == ColorScheme.Dark ? "dark" : "light";
        await Expect(console.Page.Locator("html")).ToHaveAttributeAsync("data-theme", theme);
        var name = page.ToLowerInvariant().Replace(' ', '-');
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await ScreenshotFolder.SaveAsync(console.Page, $"{name}-{theme}");
        var shot = clock.ElapsedMilliseconds;

        var results = await console.Page.RunAxe();
        TestContext.Current.TestOutputHelper?.WriteLine($"{page} ({theme}): screenshot {shot} ms, axe-core {clock.ElapsedMilliseconds - shot} ms");
        var blocking = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"axe-core on {page} ({theme}):\n{Describe(blocking)}");

        if (scheme == ColorScheme.Light)
        {
            // The narrow layout (a phone): same page, 375 px wide.
            var wide = console.Page.ViewportSize!;
            await console.Page.SetViewportSizeAsync(375, 812);
            await ScreenshotFolder.SaveAsync(console.Page, $"{name}-375px");
            await console.Page.SetViewportSizeAsync(wide.Width, wide.Height);
        }
    }

    private static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.AppendLine($"- {violation.Impact} {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes.Take(5))
            {
                text.AppendLine($"    {node.Target}: {node.Html}");
            }
        }

        return text.ToString();
    }
}
