namespace XaiRouter.Console.Tests;

/// <summary>The operator's pages: create a tenant (its claim token shown once) and disable it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OperatorTests(ConsoleFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Operator_CreatesATenant_SeesItsClaimToken_DisablesIt()
    {
        var name = "Initech " + Guid.NewGuid().ToString("N")[..6];
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.SignInAsOperatorAsync(fixture.OperatorToken);

        await console.Page.GetByLabel("Tenant name", new() { Exact = true }).FillAsync(name);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();

        await Expect(console.Page.GetByTestId("claim-token")).ToContainTextAsync("xct-");
        var row = console.Page.GetByTestId("tenants-table").GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {name}", Exact = true }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Enable {name}", Exact = true })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("disabled");

        using var client = fixture.CreateOperatorClient();
        var tenants = await client.GetFromJsonAsync<JsonElement>("/admin/tenants", Cancellation);
        var tenant = tenants.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        Assert.Equal("disabled", tenant.GetProperty("status").GetString());
        Assert.Contains(tenant.GetProperty("id").GetString()!, await console.Page.GetByTestId("claim-token").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(console.Dialogs);
    }

    [Fact]
    public async Task Operator_SessionHoldsTheToken_NeverACookieOrLocalStorage()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);

        await console.SignInAsOperatorAsync(fixture.OperatorToken);

        var session = JsonDocument.Parse(await console.Page.EvaluateAsync<string>("() => sessionStorage.getItem('xai.console.session')")).RootElement;
        Assert.Equal("operator", session.GetProperty("kind").GetString());
        Assert.Empty(await console.Context.CookiesAsync());
        Assert.Equal("", await console.Page.EvaluateAsync<string>("() => document.cookie"));
        Assert.DoesNotContain(fixture.OperatorToken, await console.Page.EvaluateAsync<string>("() => JSON.stringify(Object.entries(localStorage))"), StringComparison.Ordinal);
        await console.NavigateAsync("Spend");
        // The demo tenant's traffic shows in the chargeback table, by name.
        await Expect(console.Page.GetByTestId("spend-table").GetByRole(AriaRole.Row).Filter(new() { HasText = fixture.Demo.Name })).ToHaveCountAsync(1);
        await console.NavigateAsync("Nodes");
        await Expect(console.Page.GetByTestId("nodes-table")).ToContainTextAsync("Active");
    }
}
