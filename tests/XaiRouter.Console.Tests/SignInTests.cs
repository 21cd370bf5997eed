namespace XaiRouter.Console.Tests;

/// <summary>Sign-in honest to the vault: the key lives in the page's memory and sessionStorage only.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(ConsoleFixture fixture)
{
    private const string SessionKey = "xai.console.session";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Passphrase_SignIn_KeyOnlyInSessionStorage_SignOutForgetsIt()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);

        await console.SignInWithPassphraseAsync(fixture.Demo, byName: true);

        var session = JsonDocument.Parse(await console.Page.EvaluateAsync<string>($"() => sessionStorage.getItem('{SessionKey}')")).RootElement;
        Assert.Equal("passphrase", session.GetProperty("kind").GetString());
        var secret = session.GetProperty("secret").GetString();
        Assert.False(string.IsNullOrEmpty(secret));
        Assert.Equal("", await console.Page.EvaluateAsync<string>("() => document.cookie"));
        Assert.Empty(await console.Context.CookiesAsync());
        var localStorage = await console.Page.EvaluateAsync<string[]>("() => Object.keys(localStorage).map(k => k + '=' + localStorage.getItem(k))");
        Assert.All(localStorage, entry => Assert.DoesNotContain(secret!, entry, StringComparison.Ordinal));
        Assert.All(localStorage, entry => Assert.StartsWith("xai.console.theme=", entry, StringComparison.Ordinal));
        Assert.All(console.Exchanges, exchange => Assert.DoesNotContain(secret!, exchange.Request.Url, StringComparison.Ordinal));
        var apiCalls = console.Exchanges.Where(e => e.Request.Url.Contains("/x/", StringComparison.Ordinal) && !e.Request.Url.EndsWith("/x/session", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiCalls);
        foreach (var call in apiCalls)
        {
            Assert.Equal("Bearer " + secret, await call.Request.HeaderValueAsync("authorization"));
        }

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to XaiRouter", Level = 1 })).ToBeVisibleAsync();
        Assert.Null(await console.Page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{SessionKey}')"));
        Assert.Empty(await console.Context.CookiesAsync());
        // Sign-out revoked the one-hour session key on the server too: a copy of it is refused at once.
        using var copy = new HttpClient { BaseAddress = fixture.BaseAddress };
        copy.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        using var afterSignOut = await copy.GetAsync("/x/keys", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
    }

    [Fact]
    public async Task WrongPassphrase_ShowsTheApiWordsInAnAlert()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.GotoAsync("#/signin");

        await console.Page.GetByRole(AriaRole.Tab, new() { Name = "Passphrase" }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Textbox, new() { Name = "Tenant", Exact = true }).FillAsync(fixture.Demo.Id);
        await console.Page.GetByRole(AriaRole.Textbox, new() { Name = "Passphrase", Exact = true }).FillAsync("not the passphrase");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        using var anonymous = new HttpClient { BaseAddress = fixture.BaseAddress };
        using var refused = await anonymous.PostAsJsonAsync("/x/session", new { tenant = fixture.Demo.Id, passphrase = "not the passphrase" }, Cancellation);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var words = problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()! : problem.GetProperty("title").GetString()!;
        await Expect(console.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(words);
        Assert.Null(await console.Page.EvaluateAsync<string?>($"() => sessionStorage.getItem('{SessionKey}')"));
    }

    [Fact]
    public async Task AccessKey_SignIn_ShowsTheOverview()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);

        await console.SignInWithKeyAsync(fixture.Demo.RootKey);

        var session = JsonDocument.Parse(await console.Page.EvaluateAsync<string>($"() => sessionStorage.getItem('{SessionKey}')")).RootElement;
        Assert.Equal("key", session.GetProperty("kind").GetString());
        Assert.DoesNotContain(fixture.Demo.RootKey, console.Page.Url, StringComparison.Ordinal);
        Assert.Empty(await console.Context.CookiesAsync());
    }
}
