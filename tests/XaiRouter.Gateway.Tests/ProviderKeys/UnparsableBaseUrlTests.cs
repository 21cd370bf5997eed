using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Routing;

namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// A base URL that does not parse can only come from a storage edit (the API refuses one): it is refused like any
/// record failing its binding, and neither the liveness prober (shared by every tenant) nor the planner fails on it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UnparsableBaseUrlTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoredUnparsableBaseUrl_NeitherEndsTheProberNorAnswers500()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var gone = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-unparsable-0001", ["m-unparsable"]);
        await tenant.AddProviderKeyAsync(gone.BaseUrl, "sk-unparsable-0002", ["m-gone"]);
        using (var served = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-unparsable"))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        await gone.DisposeAsync();
        var record = (await StoredProviderKeys.GetAsync(factory, tenant.Id, id))!;
        await StoredProviderKeys.SaveDirectlyAsync(factory, record with { BaseUrl = "not a url" });
        using (var loaded = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-unparsable"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loaded.StatusCode);
        }

        // The prober walks every tenant's records; with one host down the planner looks each record's host up.
        var prober = factory.Services.GetRequiredService<LivenessProber>();
        await prober.ProbeAllAsync(Cancellation);
        using var refused = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-unparsable");

        Assert.NotEqual(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.True(refused.StatusCode is HttpStatusCode.ServiceUnavailable, $"{refused.StatusCode}");
        Assert.Equal(1, upstream.CredentialsSeen);
    }
}
