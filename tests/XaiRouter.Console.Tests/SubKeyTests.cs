using System.Text.RegularExpressions;

namespace XaiRouter.Console.Tests;

/// <summary>The key tree: create a sub-key with limits and a budget through the form, then revoke it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class SubKeyTests(ConsoleFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateSubKey_WithLimitsAndBudget_ShowsInTheTree_Revoked_IsRefusedOnV1()
    {
        var tenant = await fixture.CreateTenantWithUpstreamAsync("Sub Keys GmbH", Cancellation);
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.SignInWithPassphraseAsync(tenant);
        await console.NavigateAsync("Keys");

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await console.Page.GetByLabel("Name", new() { Exact = true }).FillAsync("ci-runner");
        await console.Page.GetByLabel("Requests per minute", new() { Exact = true }).FillAsync("30");
        await console.Page.GetByLabel("Tokens per minute", new() { Exact = true }).FillAsync("20000");
        await console.Page.GetByLabel("Budget (USD)", new() { Exact = true }).FillAsync("5");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        var newKey = console.Page.GetByTestId("new-key");
        await Expect(newKey).ToContainTextAsync("sk-Xvs");
        // The key, its Copy button and the warning are shown together.
        var shownOnce = console.Page.Locator("*").Filter(new() { Has = newKey, HasText = "You will not see it again" }).Last;
        await Expect(shownOnce.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
        var key = KeyPattern().Match(await newKey.InnerTextAsync()).Value;
        Assert.NotEmpty(key);

        var created = (await tenant.GetJsonAsync("/x/keys", Cancellation)).GetProperty("data").EnumerateArray()
            .Single(k => k.GetProperty("name").GetString() == "ci-runner");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(30, created.GetProperty("limits").GetProperty("rpm").GetInt32());
        Assert.Equal(20000, created.GetProperty("limits").GetProperty("tpm").GetInt32());
        Assert.Contains(created.GetProperty("budget").EnumerateObject(), field => field.Value.ValueKind == JsonValueKind.Number && field.Value.GetDecimal() == 5m);
        var tree = console.Page.GetByTestId("key-tree");
        await Expect(tree.Locator($"li[data-key-id='{id}']")).ToContainTextAsync("ci-runner");
        Assert.Equal(200, await tenant.ChatStatusAsync("usage-800-200", key, Cancellation));

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci-runner", Exact = true }).ClickAsync();
        var confirm = console.Page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("Revoke 1 key?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();

        // The revoked key stays in the tree, marked revoked, with nothing left to do to it.
        var revoked = tree.Locator($"li[data-key-id='{id}']");
        await Expect(revoked).ToContainTextAsync("revoked");
        await Expect(revoked.GetByRole(AriaRole.Button, new() { Name = "Revoke ci-runner", Exact = true })).ToHaveCountAsync(0);
        await console.ReadyAsync();
        Assert.Equal("revoked", (await tenant.GetJsonAsync($"/x/keys/{id}", Cancellation)).GetProperty("status").GetString());
        Assert.Equal(401, await tenant.ChatStatusAsync("usage-800-200", key, Cancellation));
        Assert.Empty(console.Dialogs);
    }

    [GeneratedRegex(@"sk-Xvs[A-Za-z0-9_\-]+")]
    private static partial Regex KeyPattern();
}
