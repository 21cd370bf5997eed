using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Gateway.Pools.Tests;

/// <summary>
/// A tenant with provider keys at a fake upstream and several keys holding pool <c>default</c>, and the check that
/// nothing is stranded: every provider key at the pool's current version, every holder served and able to open each.
/// </summary>
public sealed class HolderTenant(GatewayFactory factory, TenantSession tenant, FakeUpstream upstream) : IDisposable
{
    public const string Model = "gpt-4o";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public TenantSession Session => tenant;

    public List<string> ProviderKeyIds { get; } = [];

    public static async Task<HolderTenant> CreateAsync(GatewayFactory factory, FakeUpstream upstream)
    {
        var holders = new HolderTenant(factory, await TenantSession.CreateAsync(factory, "holders"), upstream);
        await holders.AddProviderKeyAsync(holders.Session.Client);
        return holders;
    }

    /// <summary>Adds a provider key for <see cref="Model"/> at the fake upstream, through <paramref name="client"/>.</summary>
    public async Task<HttpResponseMessage> PostProviderKeyAsync(HttpClient client) =>
        await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "upstream", provider = "openai", base_url = upstream.BaseUrl, api_key = $"sk-holder-{Guid.NewGuid():N}", models = new[] { Model },
        }, Cancellation);

    public async Task<string> AddProviderKeyAsync(HttpClient client)
    {
        using var response = await PostProviderKeyAsync(client);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
        ProviderKeyIds.Add(id);
        return id;
    }

    /// <summary>Creates a key through <paramref name="client"/> (the root's when null).</summary>
    public async Task<(string Id, string Key)> CreateKeyAsync(string name, bool manage = false, HttpClient? client = null)
    {
        using var response = await (client ?? tenant.Client).PostAsJsonAsync("/x/keys", new { name, manage }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    public async Task<HttpStatusCode> ChatAsync(string accessKey)
    {
        using var client = factory.CreateClientWithKey(accessKey);
        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = Model, messages = new[] { new { role = "user", content = "hello" } } }, Cancellation);
        return response.StatusCode;
    }

    public async Task<int> PoolVersionAsync(string pool = "default") =>
        (await Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).GetVaultAsync())!.Pools[pool];

    public Task<AccessKeyRecord?> RecordAsync(string accessKey)
    {
        Assert.True(AccessKeyFormat.TryParse(accessKey, new byte[32], out var keyId));
        return Grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId!)).GetAsync();
    }

    /// <summary>Makes the key's record look like one issued before public-key slots existed (or, with a key, edited by a database writer).</summary>
    public async Task MakeLegacyAsync(string accessKey, byte[]? publicKey = null)
    {
        var record = (await RecordAsync(accessKey))!;
        Assert.NotNull(await Grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(record.KeyId)).UpdateAsync(record.Version, record with { PublicKey = publicKey }));
    }

    public Task<ProviderKeyRecord?> ProviderKeyAsync(string id) => Grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(tenant.Id, id)).GetAsync();

    /// <summary>Every provider key at the pool's current version; every holder served and able to decrypt every provider key.</summary>
    public async Task AssertNothingStrandedAsync(IEnumerable<string> holders, string context)
    {
        var version = await PoolVersionAsync();
        foreach (var id in ProviderKeyIds)
        {
            Assert.True((await ProviderKeyAsync(id))!.PoolVersion == version, $"{context}: provider key {id} is not at version {version}");
        }

        foreach (var holder in holders)
        {
            Assert.True(await ChatAsync(holder) == HttpStatusCode.OK, $"{context}: a holder is no longer served");
            foreach (var id in ProviderKeyIds)
            {
                Assert.True(await VaultProbe.DecryptAsync(factory, tenant, id, holder) is not null, $"{context}: a holder cannot open provider key {id}");
            }
        }
    }

    public void Dispose() => tenant.Dispose();

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();
}
