namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// A Gateway on a real socket for the bad-input tests (a short grace period for slow bodies, so a stalled body
/// is refused within seconds), a fake provider, an upstream that takes any body, and a tenant with a key
/// limited to <c>gpt-4o-mini</c>.
/// </summary>
public sealed class InputFixture : IAsyncLifetime
{
    public const string ProviderKey = "sk-upstream-provider-key-0123456789";

    /// <summary>Models with a provider key each (at <see cref="Upstream"/>).</summary>
    public static readonly string[] OwnKeyModels = ["dup-stream", "dup-max-tokens", "bad-utf8", "slow-body", "broken-framing"];

    public FakeUpstream Upstream { get; private set; } = null!;

    public AnyBodyUpstream AnyBody { get; private set; } = null!;

    public GatewayFactory Gateway { get; } = new()
    {
        RealSockets = true,
        // A body slower than 50 KB/s after 2 s is refused: a stalled 20 KiB body is then refused within seconds.
        Settings = { ["Network:MinRequestBodyDataRate"] = "50000", ["Network:MinRequestBodyDataRateGracePeriod"] = "00:00:02" },
    };

    public Uri GatewayAddress { get; private set; } = null!;

    public TenantSession Tenant { get; private set; } = null!;

    public string ProviderKeyId { get; private set; } = "";

    /// <summary>A key of the tenant that may use <c>gpt-4o-mini</c> only.</summary>
    public string MiniOnlyKey { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        AnyBody = await AnyBodyUpstream.StartAsync();
        GatewayAddress = Gateway.Start();
        Tenant = await TenantSession.CreateAsync(Gateway, "input");
        ProviderKeyId = await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, ["gpt-4o", "gpt-4o-mini"]);
        await Tenant.AddProviderKeyAsync(AnyBody.BaseUrl, ProviderKey, ["mutant"]);

        // Until a client's spoiled body stops counting against the upstream's health, each test that spoils one
        // mid-forward has its own provider key, so that no circuit opens under another test.
        foreach (var model in OwnKeyModels)
        {
            await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, [model]);
        }
        MiniOnlyKey = (await SubKeysApiTests.CreateKeyAsync(Tenant.Client, new { name = "mini only", models = new[] { "gpt-4o-mini" } })).GetProperty("key").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await AnyBody.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
