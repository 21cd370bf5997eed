using System.Collections.Concurrent;

namespace XaiRouter.Console.Tests;

/// <summary>
/// One browser context and page on the console, located by role, label and the data-testid hooks of the console's
/// contract. It records every dialog the page opens (none may: an XSS would show as one) and every request and
/// response body the page exchanged (to prove where a secret went).
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _dialogs = new();
    private readonly ConcurrentQueue<RecordedExchange> _exchanges = new();

    private ConsolePage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Dialog += (_, dialog) =>
        {
            _dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.Response += (_, response) => _exchanges.Enqueue(new RecordedExchange(response.Request, response, ReadBodyAsync(response)));
        page.RequestFailed += (_, request) => _exchanges.Enqueue(new RecordedExchange(request, null, Task.FromResult<byte[]?>(null)));
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Every dialog (alert, confirm, prompt, beforeunload) the page opened, dismissed at once.</summary>
    public IReadOnlyCollection<string> Dialogs => _dialogs;

    /// <summary>Every request the page sent, with its response and body (null when it had none).</summary>
    public IReadOnlyCollection<RecordedExchange> Exchanges => _exchanges;

    /// <summary>The page's <c>main</c> element.</summary>
    public ILocator Main => Page.Locator("main");

    public static async Task<ConsolePage> OpenAsync(ConsoleFixture fixture, ColorScheme colorScheme = ColorScheme.Light, int width = 1280)
    {
        var context = await fixture.NewContextAsync(colorScheme, width);
        return new ConsolePage(context, await context.NewPageAsync());
    }

    /// <summary>Loads <c>/console</c> (with <paramref name="hash"/>, e.g. <c>#/usage</c>) and waits until its data is shown.</summary>
    public async Task GotoAsync(string hash = "")
    {
        var response = await Page.GotoAsync("/console" + hash);
        Assert.True(response?.Ok == true, $"GET /console answered {response?.Status}");
        await ReadyAsync();
    }

    /// <summary>Waits for <c>main[data-ready=true]</c> (the console sets it once the page's data is shown).</summary>
    public Task ReadyAsync() => Expect(Page.Locator("main[data-ready=true]")).ToHaveCountAsync(1);

    // The sign-in fields are found by role: the tab panel is labelled by its tab ("Passphrase", "Access key"), so a
    // label lookup would match the panel too.
    // The tenant is named by its id unless byName: tests that make tenants of the same name sign in by id.
    public async Task SignInWithPassphraseAsync(ConsoleTenant tenant, bool byName = false)
    {
        await GotoAsync("#/signin");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Passphrase" }).ClickAsync();
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Tenant", Exact = true }).FillAsync(byName ? tenant.Name : tenant.Id);
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Passphrase", Exact = true }).FillAsync(tenant.Passphrase);
        await SubmitSignInAsync("Overview");
    }

    public async Task SignInWithKeyAsync(string key)
    {
        await GotoAsync("#/signin");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Access key" }).ClickAsync();
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Access key", Exact = true }).FillAsync(key);
        await SubmitSignInAsync("Overview");
    }

    public async Task SignInAsOperatorAsync(string token)
    {
        await GotoAsync("#/signin");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Operator" }).ClickAsync();
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Operator token", Exact = true }).FillAsync(token);
        await SubmitSignInAsync("Tenants");
    }

    /// <summary>Follows the main navigation's link <paramref name="name"/> and waits for that page's data.</summary>
    public async Task NavigateAsync(string name)
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await HeadingReadyAsync(name);
    }

    /// <summary>Waits for the page whose single h1 is <paramref name="heading"/> to show its data.</summary>
    public async Task HeadingReadyAsync(string heading)
    {
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await ReadyAsync();
    }

    /// <summary>The <c>data-value</c> of the element with data-testid <paramref name="testId"/>, as a decimal.</summary>
    public async Task<decimal> DataValueAsync(string testId)
    {
        var element = Page.GetByTestId(testId);
        await Expect(element).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(".+"));
        return ParseDecimal(await element.GetAttributeAsync("data-value"));
    }

    /// <summary>Every value of every input, textarea and select, as the DOM holds it now (not only attributes).</summary>
    public Task<string[]> FieldValuesAsync() =>
        Page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('input, textarea, select')).map(e => e.value)");

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    public static decimal ParseDecimal(string? value) =>
        decimal.Parse(value ?? throw new InvalidOperationException("no data-value"), NumberStyles.Float, CultureInfo.InvariantCulture);

    private async Task SubmitSignInAsync(string landing)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await HeadingReadyAsync(landing);
    }

    private static async Task<byte[]?> ReadBodyAsync(IResponse response)
    {
        try
        {
            return await response.BodyAsync();
        }
        catch (PlaywrightException)
        {
            // Redirects and aborted responses have no body.
            return null;
        }
    }
}
