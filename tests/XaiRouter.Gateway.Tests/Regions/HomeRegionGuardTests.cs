namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>
/// Management writes of a tenant homed in another region get 421 naming the home (issue 20); reads, tenant creation
/// and writes of tenants homed here are served. A real Gateway on PostgreSQL and Redis, configured as one of two regions.
/// </summary>
public sealed class HomeRegionGuardTests : IAsyncLifetime
{
    private const string PeerUrl = "http://127.0.0.1:9/";
    private GatewayFactory _factory = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _factory = await RegionGatewayFactory.CreateAsync(PeerUrl);

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task TenantWrites_HomedInThePeer_Get421NamingItsHome_ReadsAreServed()
    {
        using var tenant = await TenantSession.CreateAsync(_factory, "roamer");
        using var operatorClient = _factory.CreateOperatorClient();
        using (var passphrase = await tenant.Client.PostAsJsonAsync("/x/passphrase", new { passphrase = Keys.Tests.KeysTestHelpers.Passphrase }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, passphrase.StatusCode);
        }

        _factory.Homes().Home(tenant.Id, RegionGatewayFactory.Peer);

        using var write = await tenant.Client.PutAsJsonAsync("/x/settings", new { }, Cancellation);
        using var rotate = await tenant.Client.PostAsync("/x/keys/self/rotate", null, Cancellation);
        using var disable = await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/disable", null, Cancellation);
        using var anonymous = _factory.CreateClient();
        using var session = await anonymous.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = Keys.Tests.KeysTestHelpers.Passphrase }, Cancellation);
        using var wrongPassphrase = await anonymous.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = "not the passphrase at all" }, Cancellation);
        using var readSettings = await tenant.Client.GetAsync("/x/settings", Cancellation);
        using var readTenant = await operatorClient.GetAsync($"/admin/tenants/{tenant.Id}", Cancellation);

        foreach (var refused in new[] { write, rotate, disable, session })
        {
            await AssertMisdirectedAsync(refused, "http://127.0.0.1:9/");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassphrase.StatusCode);
        Assert.False(wrongPassphrase.Headers.Contains(HomeRegionHeaderFilter.Header));
        Assert.Equal(HttpStatusCode.OK, readSettings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readTenant.StatusCode);
        Assert.Equal("active", (await readTenant.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Claim_OfATenantHomedInAnUnknownRegion_Gets421WithoutUrl_CreateAndHomeTenantsWork()
    {
        var (elsewhere, claimToken) = await TenantSession.CreateUnclaimedAsync(_factory, "far");
        _factory.Homes().Home(elsewhere, "region-z");
        using var anonymous = _factory.CreateClient();

        using var claim = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation);
        using var here = await TenantSession.CreateAsync(_factory, "local");
        using var write = await here.Client.PutAsJsonAsync("/x/settings", new { }, Cancellation);

        var body = await AssertMisdirectedAsync(claim, null, "region-z");
        Assert.Equal(JsonValueKind.Null, body.GetProperty("home_url").ValueKind);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
    }

    private static async Task<JsonElement> AssertMisdirectedAsync(HttpResponseMessage response, string? homeUrl, string home = RegionGatewayFactory.Peer)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(home, body.GetProperty("home_region").GetString());
        Assert.Equal(home, Assert.Single(response.Headers.GetValues(HomeRegionHeaderFilter.Header)));
        if (homeUrl is not null)
        {
            Assert.Equal(homeUrl, body.GetProperty("home_url").GetString());
        }

        return body;
    }
}
