using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XaiRouter.Admin;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Admin.Tests;

/// <summary>
/// One in-process Gateway (its co-hosted silo listens on a real loopback gateway port) and a fake upstream, with a
/// tenant whose provider key and keys carry markers; xai-admin runs in-process against that cluster.
/// </summary>
public sealed class AdminCliFixture : IAsyncLifetime
{
    /// <summary>Planted in the tenant's provider key: it must never appear in xai-admin's output.</summary>
    public const string ProviderKeyMarker = "sk-ADMINCLI-MARKER-provider-7f3e9c2a51";

    public const string TenantName = "cli-tenant";

    public GatewayFactory Gateway { get; } = new();

    public FakeUpstream Upstream { get; private set; } = null!;

    public TenantSession Tenant { get; private set; } = null!;

    public string ProviderKeyId { get; private set; } = "";

    /// <summary>A sub-account key with limits (50 a day: nothing visible refills during the tests) and a budget: a limit scope with windows and spend.</summary>
    public (string Id, string Key) LimitedKey { get; private set; }

    private readonly TempDirectory _config = new();

    /// <summary>The <c>--config</c> file naming the Gateway's Orleans gateway port.</summary>
    public string ConfigPath { get; private set; } = "";

    public int GatewayPort { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Upstream.ReleaseStream();
        Gateway.Start();
        GatewayPort = Gateway.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value.GatewayPort;
        ConfigPath = _config.Combine("xai-admin.json");
        await File.WriteAllTextAsync(ConfigPath, $$"""{ "Cluster": { "GatewayPort": {{GatewayPort}} } }""");

        Tenant = await TenantSession.CreateAsync(Gateway, TenantName);
        ProviderKeyId = await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKeyMarker, ["gpt-4o"]);
        using var created = await Tenant.Client.PostAsJsonAsync("/x/keys", new
        {
            name = "limited-child",
            limits = new { rpd = 50 },
            budget = new { monthly_usd = 100m },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        LimitedKey = (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);

        // One served request: usage, a limit scope in use, a health sample, warm caches.
        using var client = Gateway.CreateClientWithKey(LimitedKey.Key);
        using var answer = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hello" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    /// <summary>Runs xai-admin in-process against this Gateway with <paramref name="args"/> (the cluster options are added).</summary>
    public Task<AdminRun> RunAsync(params string[] args) => RunWithAsync(null, [.. args, "--config", ConfigPath, "--data-dir", Gateway.DataPath]);

    /// <summary>Runs xai-admin with exactly <paramref name="args"/>, <paramref name="stdin"/> answering any confirmation.</summary>
    public static async Task<AdminRun> RunWithAsync(string? stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var exitCode = await AdminCli.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, input);
        return new AdminRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Tenant?.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        _config.Dispose();
    }
}
