namespace XaiRouter.Gateway.Pools.Tests;

[Collection(GatewayCollection.Name)]
public sealed class PoolsApiTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_NewPool_GivesTheCallerASlotAndHoldsProviderKeys()
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        using var created = await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "prod" }, Cancellation);
        var id = (await tenant.CreateProviderKeyAsync("sk-in-prod-pool-0001", pool: "prod")).GetProperty("id").GetString()!;
        var pools = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/pools", Cancellation);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["default", "prod"], pools.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(pools.GetProperty("data").EnumerateArray(), p => Assert.True(p.GetProperty("has_slot").GetBoolean()));
        Assert.Equal("sk-in-prod-pool-0001", await VaultProbe.DecryptAsync(factory, tenant, id));
    }

    [Theory]
    [InlineData("""{"name":"Prod"}""")]
    [InlineData("""{"name":"has|pipe"}""")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{}""")]
    [InlineData("""{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""")]
    public async Task Create_BadName_Returns400AndCreatesNothing(string body)
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        using var response = await tenant.Client.PostAsync("/x/pools", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancellation);
        var pools = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/pools", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'name'", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(pools.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Create_ExistingPool_Returns409()
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        using var response = await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "default" }, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Rekey_PoolWithProviderKeys_ReencryptsThemAndLocksOutOtherKeys()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var first = (await tenant.CreateProviderKeyAsync("sk-rekey-first-0001")).GetProperty("id").GetString()!;
        var second = (await tenant.CreateProviderKeyAsync("sk-rekey-second-0002")).GetProperty("id").GetString()!;
        var otherKey = await KeysTestHelpers.OpenSessionAsync(factory, tenant);
        Assert.Equal("sk-rekey-first-0001", await VaultProbe.DecryptAsync(factory, tenant, first, otherKey));

        using var response = await tenant.Client.PostAsync("/x/pools/default/rekey", null, Cancellation);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal(2, body.GetProperty("reencrypted_provider_keys").GetInt32());
        Assert.Contains("excluded_keys", body.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("sk-rekey-first-0001", await VaultProbe.DecryptAsync(factory, tenant, first));
        Assert.Equal("sk-rekey-second-0002", await VaultProbe.DecryptAsync(factory, tenant, second));
        // A console session is not in the tenant's key index, so it is not re-granted: it opens a new session.
        Assert.Null(await VaultProbe.DecryptAsync(factory, tenant, first, otherKey));
    }

    [Fact]
    public async Task Rekey_UnknownPool_Returns404()
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        using var response = await tenant.Client.PostAsync("/x/pools/nothing/rekey", null, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Rekey_KeyThatLostThePool_Returns403()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var otherKey = await KeysTestHelpers.OpenSessionAsync(factory, tenant);
        (await tenant.Client.PostAsync("/x/pools/default/rekey", null, Cancellation)).EnsureSuccessStatusCode();
        using var other = factory.CreateClientWithKey(otherKey);

        using var response = await other.PostAsync("/x/pools/default/rekey", null, Cancellation);
        using var create = await other.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "n", provider = "openai", base_url = "https://a.example/v1", api_key = "sk-no-slot-0001", models = new[] { "m" },
        }, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }
}
