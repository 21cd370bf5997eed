namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// Issue 14, finding 4: tenant-wide state (prices, aliases, routing, fallbacks, pools) needs the root key or a
/// tenant_admin key the root granted; manage needs every ancestor's manage.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TenantAdminTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> TenantWideWrites => new()
    {
        { "PUT", "/x/prices", """{"models":{"gpt-4o":{"input":0,"output":0}}}""" },
        { "PUT", "/x/settings", """{"model_aliases":{"gpt-4o":"gpt-4o-mini"}}""" },
        { "PUT", "/x/settings", """{"routing":{"strategy":"least-busy"}}""" },
        { "POST", "/x/pools", """{"name":"mine"}""" },
    };

    [Theory]
    [MemberData(nameof(TenantWideWrites))]
    public async Task TenantWideWrite_ByManageSubKey_Returns403AndChangesNothing(string method, string path, string body)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var before = await ReadTenantWideStateAsync(tenant.Client);
        var (_, key) = await CreateKeyAsync(tenant.Client, new { name = "reseller", manage = true, budget = new { credit_usd = 1m } });
        using var subKey = factory.CreateClientWithKey(key);

        using var response = await SendAsync(subKey, method, path, body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await ReadTenantWideStateAsync(tenant.Client));
    }

    [Theory]
    [MemberData(nameof(TenantWideWrites))]
    public async Task TenantWideWrite_ByTenantAdminKeyTheRootGranted_Succeeds(string method, string path, string body)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var (id, key) = await CreateKeyAsync(tenant.Client, new { name = "admin", manage = true, tenant_admin = true });
        using var admin = factory.CreateClientWithKey(key);

        using var response = await SendAsync(admin, method, path, body);
        var shown = await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/keys/{id}", Cancellation);

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancellation)}");
        Assert.True(shown.GetProperty("tenant_admin").GetBoolean());
    }

    [Fact]
    public async Task GrantTenantAdmin_ByAnyKeyButTheRoot_Returns403_AndItIsNotInherited()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var (_, managerKey) = await CreateKeyAsync(tenant.Client, new { name = "manager", manage = true });
        var (_, adminKey) = await CreateKeyAsync(tenant.Client, new { name = "admin", manage = true, tenant_admin = true });
        using var manager = factory.CreateClientWithKey(managerKey);
        using var admin = factory.CreateClientWithKey(adminKey);
        var (childId, childKey) = await CreateKeyAsync(admin, new { name = "child", manage = true });
        using var child = factory.CreateClientWithKey(childKey);

        using var byManager = await manager.PostAsJsonAsync("/x/keys", new { name = "x", manage = true, tenant_admin = true }, Cancellation);
        using var byAdmin = await admin.PostAsJsonAsync("/x/keys", new { name = "x", manage = true, tenant_admin = true }, Cancellation);
        using var patchByAdmin = await admin.PatchAsJsonAsync($"/x/keys/{childId}", new { tenant_admin = true }, Cancellation);
        using var childPrices = await child.PutAsJsonAsync("/x/prices", new { models = new { m = new { input = 0, output = 0 } } }, Cancellation);
        var childShown = await admin.GetFromJsonAsync<JsonElement>($"/x/keys/{childId}", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, byManager.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patchByAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, childPrices.StatusCode);
        Assert.False(childShown.GetProperty("tenant_admin").GetBoolean());
    }

    [Fact]
    public async Task RootPatch_GrantsAndWithdrawsTenantAdmin()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var (id, key) = await CreateKeyAsync(tenant.Client, new { name = "later", manage = true });
        using var subKey = factory.CreateClientWithKey(key);
        var prices = new { models = new { m = new { input = 1, output = 1 } } };

        using var before = await subKey.PutAsJsonAsync("/x/prices", prices, Cancellation);
        using var grant = await tenant.Client.PatchAsJsonAsync($"/x/keys/{id}", new { tenant_admin = true }, Cancellation);
        using var granted = await subKey.PutAsJsonAsync("/x/prices", prices, Cancellation);
        using var withdraw = await tenant.Client.PatchAsJsonAsync($"/x/keys/{id}", new { tenant_admin = false }, Cancellation);
        using var withdrawn = await subKey.PutAsJsonAsync("/x/prices", prices, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withdrawn.StatusCode);
    }

    [Fact]
    public async Task Manage_AncestorLostManage_DescendantRefusedOnX()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var (parentId, parentKey) = await CreateKeyAsync(tenant.Client, new { name = "parent", manage = true });
        using var parent = factory.CreateClientWithKey(parentKey);
        var (_, childKey) = await CreateKeyAsync(parent, new { name = "child", manage = true });
        using var child = factory.CreateClientWithKey(childKey);
        using (var allowed = await child.GetAsync("/x/keys", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var demote = await tenant.Client.PatchAsJsonAsync($"/x/keys/{parentId}", new { manage = false }, Cancellation);
        using var list = await child.GetAsync("/x/keys", Cancellation);
        using var create = await child.PostAsJsonAsync("/x/keys", new { name = "grandchild" }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains("ancestor", (await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/x/keys", request, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string body) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") }, Cancellation);

    private static async Task<string> ReadTenantWideStateAsync(HttpClient root)
    {
        var prices = await root.GetStringAsync("/x/prices", Cancellation);
        var settings = await root.GetStringAsync("/x/settings", Cancellation);
        var pools = await root.GetStringAsync("/x/pools", Cancellation);
        return prices + settings + pools;
    }
}
