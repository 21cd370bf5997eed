using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// Every management write empties the gateway's record cache (all tenants); a write refused before it changed
/// anything must not, or any unauthenticated client could turn every tenant's cached reads into grain calls.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RefusedWriteCacheTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusedWrites_KeepTheCache_AndADoneWriteEmptiesIt()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var created = await tenant.Client.PostAsJsonAsync("/x/keys", new { name = "plain" }, Cancellation);
        var plainKey = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
        var cache = factory.Services.GetRequiredService<RecordCache>();
        using var anonymous = factory.CreateClient();
        using var plain = factory.CreateClientWithKey(plainKey);
        var before = cache.Generation;

        for (var i = 0; i < 20; i++)
        {
            using var unauthenticated = await anonymous.PostAsJsonAsync("/x/keys", new { name = "x" }, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
            using var forbidden = await plain.PutAsJsonAsync("/x/settings", new { routing = new { strategy = "least-busy" } }, Cancellation);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        Assert.Equal(before, cache.Generation);
        using var done = await tenant.Client.PostAsJsonAsync("/x/keys", new { name = "another" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        Assert.True(cache.Generation > before);
    }
}
