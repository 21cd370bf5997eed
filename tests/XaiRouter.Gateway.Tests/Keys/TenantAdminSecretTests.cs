namespace XaiRouter.Gateway.Keys.Tests;

/// <summary>
/// tenant_admin is granted by the root only and never inherited, so an ancestor cannot take it either by giving a
/// tenant-admin key of its subtree a new secret (rotation, or a PATCH adding pools, which re-issues the key).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TenantAdminSecretTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AncestorOfTenantAdminKey_CannotRotateOrReissueIt_ToActAsTenantAdmin()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using (var pool = await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "extra" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, pool.StatusCode);
        }

        var (_, managerKey) = await CreateKeyAsync(tenant.Client, new { name = "manager", manage = true });
        using var manager = factory.CreateClientWithKey(managerKey);
        var (childId, childKey) = await CreateKeyAsync(manager, new { name = "child", manage = true, pools = new[] { "default" } });
        using (var grant = await tenant.Client.PatchAsJsonAsync($"/x/keys/{childId}", new { tenant_admin = true }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        }

        using var rotate = await manager.PostAsync($"/x/keys/{childId}/rotate", null, Cancellation);
        using var reissue = await manager.PatchAsJsonAsync($"/x/keys/{childId}", new { pools = new[] { "default", "extra" } }, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reissue.StatusCode);
        Assert.DoesNotContain("\"key\"", await rotate.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);

        // The child itself still works, and the root may still rotate it, as may the child itself.
        using var child = factory.CreateClientWithKey(childKey);
        using var prices = await child.PutAsJsonAsync("/x/prices", new { models = new Dictionary<string, object> { ["gpt-4o"] = new { input = 2.5m, output = 10m } } }, Cancellation);
        Assert.True(prices.IsSuccessStatusCode, $"{prices.StatusCode}");
        using var byRoot = await tenant.Client.PostAsync($"/x/keys/{childId}/rotate", null, Cancellation);
        Assert.Equal(HttpStatusCode.OK, byRoot.StatusCode);
    }

    private static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/x/keys", body, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (json.GetProperty("id").GetString()!, json.GetProperty("key").GetString()!);
    }
}
