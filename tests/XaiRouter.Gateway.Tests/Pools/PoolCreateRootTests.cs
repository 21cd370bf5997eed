namespace XaiRouter.Gateway.Pools.Tests;

/// <summary>
/// A pool created by a tenant_admin key is always sealed to the root as well: while the root's public key is not
/// vouched for (a root record older than public-key slots, or one whose public key was edited in storage), the pool
/// is refused rather than created without the root, since no later re-key would ever reach a root not holding it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PoolCreateRootTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PoolCreatedByTenantAdmin_WhileRootUnvouched_Refused409_ThenRootHoldsIt()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        using var created = await tenant.Session.Client.PostAsJsonAsync("/x/keys", new { name = "admin", manage = true, tenant_admin = true }, Cancellation);
        var adminKey = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
        using var admin = factory.CreateClientWithKey(adminKey);
        await tenant.MakeLegacyAsync(tenant.Session.Key);

        using var refused = await admin.PostAsJsonAsync("/x/pools", new { name = "admins" }, Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.DoesNotContain((await tenant.RecordAsync(adminKey))!.Slots, s => s.Pool == "admins");

        // The root's first request gives its record its public key; then the pool is created with the root holding it.
        Assert.Equal(HttpStatusCode.OK, await tenant.ChatAsync(tenant.Session.Key));
        using var pool = await admin.PostAsJsonAsync("/x/pools", new { name = "admins" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, pool.StatusCode);
        var rootSlot = (await tenant.RecordAsync(tenant.Session.Key))!.FindSlot("admins", 1)!;
        Assert.Equal(("default", 1), (rootSlot.VoucherPool, rootSlot.VoucherVersion));

        // Vouched for by the pool that vouched for the root: its next request opens it and makes it symmetric.
        Assert.Equal(HttpStatusCode.OK, await tenant.ChatAsync(tenant.Session.Key));
        Assert.False((await tenant.RecordAsync(tenant.Session.Key))!.FindSlot("admins", 1)!.IsSealedToPublicKey);
    }
}
