namespace XaiRouter.Console.Tests;

/// <summary>
/// Values a tenant or an upstream wrote are text, never HTML: a tenant named like an image with an error handler and
/// a model named <c>&lt;script&gt;</c> show literally, and nothing runs (a dialog would be recorded).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class XssTests(ConsoleFixture fixture)
{
    private const string HostileTenant = "<img src=x onerror=alert(1)>";
    private const string HostileModel = "<script>";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostileTenantAndModelNames_AreShownAsText_NothingExecutes()
    {
        var tenant = await fixture.CreateTenantAsync(HostileTenant, Cancellation);
        await tenant.AddProviderKeyAsync(fixture.Upstream, HostileModel, [HostileModel, "usage-800-200"], Cancellation);
        await tenant.PutJsonAsync("/x/prices", new { models = new Dictionary<string, object> { [HostileModel] = new { input = 1, cached_input = 0.5, output = 2 } } }, Cancellation);
        await tenant.SendChatAsync(HostileModel, 2, Cancellation);

        await using (var operatorConsole = await ConsolePage.OpenAsync(fixture))
        {
            await operatorConsole.SignInAsOperatorAsync(fixture.OperatorToken);
            await Expect(operatorConsole.Page.GetByTestId("tenants-table").GetByText(HostileTenant, new() { Exact = true })).ToBeVisibleAsync();
            await AssertNothingRanAsync(operatorConsole);
        }

        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.SignInWithPassphraseAsync(tenant);
        await Expect(console.Main.GetByText(HostileModel, new() { Exact = true }).First).ToBeVisibleAsync();
        await console.NavigateAsync("Usage");
        await Expect(console.Page.GetByTestId("usage-table").GetByText(HostileModel, new() { Exact = true }).First).ToBeVisibleAsync();
        await console.NavigateAsync("Requests");
        await Expect(console.Page.GetByTestId("requests-table").GetByText(HostileModel, new() { Exact = true }).First).ToBeVisibleAsync();
        await console.NavigateAsync("Provider keys");
        await Expect(console.Page.GetByTestId("provider-keys-table").GetByText(HostileModel, new() { Exact = true }).First).ToBeVisibleAsync();
        await AssertNothingRanAsync(console);
    }

    /// <summary>No dialog opened, no element was made from the names, and the page has no inline script.</summary>
    private static async Task AssertNothingRanAsync(ConsolePage console)
    {
        Assert.Empty(console.Dialogs);
        Assert.Equal(0, await console.Page.EvaluateAsync<int>("() => document.querySelectorAll('img[src=\"x\"], [onerror]').length"));
        Assert.Equal(0, await console.Page.EvaluateAsync<int>("() => document.querySelectorAll('script:not([src])').length"));
    }
}
