namespace XaiRouter.Gateway.Security.Tests;

/// <summary>Tenant B's key reaches nothing of tenant A's: not found, never forbidden (which would confirm existence).</summary>
[Collection(GatewayCollection.Name)]
public sealed class CrossTenantTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OtherTenantsKey_CannotListReadUpdateDeleteOrDecrypt()
    {
        using var a = await TenantSession.CreateAsync(factory, "A");
        using var b = await TenantSession.CreateAsync(factory, "B");
        var id = (await a.CreateProviderKeyAsync("sk-tenant-a-secret-01")).GetProperty("id").GetString()!;
        (await a.Client.PostAsJsonAsync("/x/pools", new { name = "a-only" }, Cancellation)).EnsureSuccessStatusCode();

        var list = await b.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);
        using var get = await b.Client.GetAsync($"/x/provider-keys/{id}", Cancellation);
        using var patch = await b.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { api_key = "sk-hijacked-0000" }, Cancellation);
        using var delete = await b.Client.DeleteAsync($"/x/provider-keys/{id}", Cancellation);
        var pools = await b.Client.GetFromJsonAsync<JsonElement>("/x/pools", Cancellation);
        using var rekey = await b.Client.PostAsync("/x/pools/a-only/rekey", null, Cancellation);

        Assert.Empty(list.GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(["default"], pools.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, rekey.StatusCode);
        Assert.Equal("sk-tenant-a-secret-01", await VaultProbe.DecryptAsync(factory, a, id));
        Assert.Null(await VaultProbe.DecryptAsync(factory, a, id, b.Key));
    }
}
