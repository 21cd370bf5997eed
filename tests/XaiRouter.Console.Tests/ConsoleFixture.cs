using System.Net.Http.Headers;

namespace XaiRouter.Console.Tests;

/// <summary>
/// One real Gateway process (its own ports and data directory, a <c>Vault:Pepper</c> for passphrase sign-in,
/// private upstreams allowed), a fake upstream on loopback, and one headless chromium. The demo tenant holds a
/// provider key, a sub-key and traffic on a few models, so every page has something to show.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Passphrase = "correct horse battery staple 18";

    /// <summary>Models the fake upstream answers with known token counts (see <see cref="FakeUpstream"/>).</summary>
    public static readonly string[] DemoModels = ["gpt-4o-mini", "usage-1200-300", "usage-800-200"];

    /// <summary>Prices (USD per 1M tokens) for the fake upstream's <c>usage-{prompt}-{completion}</c> models, so their traffic costs something.</summary>
    public static readonly Dictionary<string, object> UsageModelPrices = new()
    {
        ["usage-1200-300"] = new { input = 2.5, cached_input = 1.25, output = 10 },
        ["usage-800-200"] = new { input = 0.15, cached_input = 0.075, output = 0.6 },
    };

    private readonly TempDirectory _data = new();
    private RouterProcess? _gateway;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private FakeUpstream? _upstream;
    private ConsoleTenant? _demo;

    public ConsoleFixture()
    {
        Node = new GatewayNode(_data.Path,
            "--Vault:Pepper", "console-tests-pepper-" + Guid.NewGuid().ToString("N"),
            "--Upstream:AllowPrivateNetworks", "true",
            // The Orleans dashboard is checked in this browser too (DashboardBrowserTests).
            "--Dashboard:Enabled", "true");
    }

    public GatewayNode Node { get; }

    public Uri BaseAddress => Node.BaseAddress;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    public FakeUpstream Upstream => _upstream ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A tenant with traffic, a provider key and a sub-key (for the page-by-page tests).</summary>
    public ConsoleTenant Demo => _demo ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The operator token the Gateway generated into its data directory.</summary>
    public string OperatorToken => File.ReadAllText(Path.Combine(Node.DataDirectory, "operator-token")).Trim();

    /// <summary>Everything the Gateway process wrote so far (for failure messages).</summary>
    public string GatewayOutput => _gateway?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        Chromium.ForbidDownloads();
        // A loaded 2-core machine renders the first pages slowly; the default 5 s is for developer laptops.
        SetDefaultExpectTimeout(20_000);
        var cancellation = TestContext.Current.CancellationToken;
        _upstream = await FakeUpstream.StartAsync();
        _gateway = Node.Start();
        var browser = StartBrowserAsync();
        await _gateway.WaitStartedAsync(cancellation);
        _demo = await CreateTenantWithUpstreamAsync("Acme Analytics", cancellation);
        await SeedDemoAsync(_demo, cancellation);
        _browser = await browser;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>A client of /admin with the operator token.</summary>
    public HttpClient CreateOperatorClient() => new()
    {
        BaseAddress = BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken) },
    };

    /// <summary>Onboards a tenant through the API (operator creates, tenant claims) and sets <see cref="Passphrase"/>.</summary>
    public async Task<ConsoleTenant> CreateTenantAsync(string name, CancellationToken cancellationToken)
    {
        using var operatorClient = CreateOperatorClient();
        var (id, key) = await TenantOnboarding.CreateAndClaimAsync(operatorClient, name, cancellationToken);
        var tenant = new ConsoleTenant(BaseAddress, id, name, key, Passphrase);
        using var client = tenant.CreateClient();
        using var response = await client.PostAsJsonAsync("/x/passphrase", new { passphrase = Passphrase }, cancellationToken);
        await ConsoleTenant.EnsureSuccessAsync(response, cancellationToken);
        return tenant;
    }

    /// <summary>A tenant as in <see cref="CreateTenantAsync"/>, with a provider key on the fake upstream for <see cref="DemoModels"/>, priced.</summary>
    public async Task<ConsoleTenant> CreateTenantWithUpstreamAsync(string name, CancellationToken cancellationToken)
    {
        var tenant = await CreateTenantAsync(name, cancellationToken);
        await tenant.AddProviderKeyAsync(Upstream, "openai-main", DemoModels, cancellationToken);
        // A key with a budget may use priced models only.
        await tenant.PutJsonAsync("/x/prices", new { models = UsageModelPrices }, cancellationToken);
        return tenant;
    }

    /// <summary>A fresh browser context (own storage, no cache) on the console's origin.</summary>
    public Task<IBrowserContext> NewContextAsync(ColorScheme colorScheme = ColorScheme.Light, int width = 1280) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,
        });

    private async Task<IBrowser> StartBrowserAsync()
    {
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        return await Chromium.LaunchAsync(_playwright);
    }

    private async Task SeedDemoAsync(ConsoleTenant demo, CancellationToken cancellationToken)
    {
        using var client = demo.CreateClient();
        using var subKey = await client.PostAsJsonAsync("/x/keys", new
        {
            name = "batch-jobs",
            limits = new { rpm = 600 },
            budget = new { monthly_usd = 25 },
        }, cancellationToken);
        await ConsoleTenant.EnsureSuccessAsync(subKey, cancellationToken);
        var batchKey = (await subKey.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("key").GetString()!;
        await demo.SendChatAsync("usage-800-200", 3, cancellationToken);
        await demo.SendChatAsync("gpt-4o-mini", 2, cancellationToken);
        await demo.SendChatAsync("usage-1200-300", 2, cancellationToken, batchKey);
    }
}
