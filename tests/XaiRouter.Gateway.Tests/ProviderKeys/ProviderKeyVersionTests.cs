using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Routing;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// Issue 16, item 5: what forwarding derives from a provider key record (its upstream <see cref="Uri"/>, its account
/// headers, its AAD) is built once per record version (<see cref="ProviderKeyShape"/>), and a new version takes
/// effect at once; a tenant's new provider-key epoch is read once however many requests meet it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderKeyVersionTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewBaseUrl_TakesEffectAtTheNextRequest()
    {
        await using var first = await FakeUpstream.StartAsync();
        await using var second = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = await tenant.AddProviderKeyAsync(first.BaseUrl, "sk-version-0001", ["m-version"]);

        using var before = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-version");
        using var again = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-version");
        using var patched = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { base_url = second.BaseUrl + "/" }, Cancellation);
        using var after = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-version");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.All(new[] { before, again, after }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, first.Requests.Count);
        var moved = Assert.Single(second.Requests);
        Assert.Equal("/v1/chat/completions", moved.PathAndQuery);
    }

    [Fact]
    public void Shape_IsBuiltOncePerRecordVersion()
    {
        var record = new ProviderKeyRecord("TenantShape", "PkShape", "n", ProviderKind.OpenAI, "https://a.example/v1/", ["m"], "default", 1, 1, 0,
            new SealedSecret([], []), "f", DateTimeOffset.UnixEpoch, Format: ProviderKeyFormat.BoundV2, Organization: "org-a");
        var changed = record with { BaseUrl = "https://b.example/v1", Organization = "org-b" };

        var uri = ProviderKeyShape.Of(record).UpstreamUri("chat", "m", NoQuery);
        var same = ProviderKeyShape.Of(record).UpstreamUri("chat", "m", NoQuery);
        var other = ProviderKeyShape.Of(changed).UpstreamUri("chat", "m", NoQuery);
        var withQuery = ProviderKeyShape.Of(record).UpstreamUri("chat", "m",
            new Microsoft.AspNetCore.Http.QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["api-version"] = "1", ["key"] = "caller" }));

        Assert.Same(ProviderKeyShape.Of(record), ProviderKeyShape.Of(record));
        Assert.Same(uri, same);
        Assert.Equal("https://a.example/v1/chat/completions", uri.AbsoluteUri);
        Assert.Equal("https://b.example/v1/chat/completions", other.AbsoluteUri);
        Assert.Equal("https://a.example/v1/chat/completions?api-version=1", withQuery.AbsoluteUri);
        Assert.Equal([("OpenAI-Organization", "org-a")], ProviderKeyShape.Of(record).AccountHeaders);
        Assert.Equal([("OpenAI-Organization", "org-b")], ProviderKeyShape.Of(changed).AccountHeaders);
        Assert.NotEqual(ProviderKeyShape.Of(record).BoundAad, ProviderKeyShape.Of(changed).BoundAad);
        var aad = new byte[Vault.ProviderKeyBinding.Length(changed)];
        Vault.ProviderKeyBinding.Write(aad, changed);
        Assert.Equal(aad, ProviderKeyShape.Of(changed).BoundAad);
    }

    [Fact]
    public async Task ConcurrentRequestsMeetingANewEpoch_ReadTheTenantsProviderKeysOnce()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        await tenant.AddProviderKeyAsync("https://api.openai.com/v1", "sk-epoch-0001", ["m-epoch"]);
        await tenant.AddProviderKeyAsync("https://api.openai.com/v1", "sk-epoch-0002", ["m-epoch"]);
        var vault = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).GetVaultAsync();
        var cache = new ProviderKeyCache(factory.Services.GetRequiredService<IGrainFactory>());

        var lookups = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => cache.GetAsync(vault!).AsTask()));

        Assert.Equal(1, cache.Reads);
        Assert.All(lookups, records => Assert.Equal(2, records.Length));
        Assert.All(lookups, records => Assert.Equal(lookups[0], records));
    }

    private static Microsoft.AspNetCore.Http.IQueryCollection NoQuery => Microsoft.AspNetCore.Http.QueryCollection.Empty;
}
