namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>
/// <c>POST /admin/tenants/{id}/home</c> and <c>GET /admin/regions</c> on a real Gateway configured as one of two
/// regions, its peer a loopback server that answers (or is down).
/// </summary>
public sealed class TenantHomeMoveTests : IAsyncLifetime
{
    private FakePeerRegion _peer = null!;
    private GatewayFactory _factory = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _peer = await FakePeerRegion.StartAsync();
        _factory = await RegionGatewayFactory.CreateAsync(_peer.Url);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task MoveHome_WhileTheOldHomeAnswers_Is409_ForcedOrOnceItIsDown_MovesIt()
    {
        using var tenant = await TenantSession.CreateAsync(_factory, "mover");
        _factory.Homes().Home(tenant.Id, RegionGatewayFactory.Peer);
        using var operatorClient = _factory.CreateOperatorClient();

        using var refused = await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/home", null, Cancellation);
        using var forced = await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/home?force=true", null, Cancellation);
        _peer.Down = true;
        using var moved = await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/home", null, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(RegionGatewayFactory.Peer, (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var response in new[] { forced, moved })
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(tenant.Id, body.GetProperty("tenant_id").GetString());
            Assert.Equal(RegionGatewayFactory.Self, body.GetProperty("home_region").GetString());
            Assert.True(body.GetProperty("moved_rows").GetInt32() >= 0);
        }

        Assert.All(_peer.Calls.Where(c => c.PathAndQuery == "/healthz"), call =>
        {
            Assert.Equal("Bearer " + GatewayFactory.ConfiguredToken, call.Authorization);
            Assert.Equal(RegionGatewayFactory.Self, call.Region);
        });
    }

    [Fact]
    public async Task MoveHome_UnknownTenant_Is404_HomedHere_MovesNothing()
    {
        using var tenant = await TenantSession.CreateAsync(_factory, "stayer");
        using var operatorClient = _factory.CreateOperatorClient();

        using var unknown = await operatorClient.PostAsync("/admin/tenants/0000000000000000000000/home", null, Cancellation);
        using var here = await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/home", null, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var body = await here.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.OK, here.StatusCode);
        Assert.Equal(0, body.GetProperty("moved_rows").GetInt32());
    }

    [Fact]
    public async Task Regions_ShowsThisRegionAndItsPeer_ReachableOrNot()
    {
        using var operatorClient = _factory.CreateOperatorClient();

        var up = await operatorClient.GetFromJsonAsync<JsonElement>("/admin/regions", Cancellation);
        _peer.Down = true;
        var down = await operatorClient.GetFromJsonAsync<JsonElement>("/admin/regions", Cancellation);

        Assert.Equal(RegionGatewayFactory.Self, up.GetProperty("region").GetString());
        var peer = Assert.Single(up.GetProperty("peers").EnumerateArray());
        Assert.Equal(RegionGatewayFactory.Peer, peer.GetProperty("name").GetString());
        Assert.Equal(_peer.Url, peer.GetProperty("management_url").GetString());
        Assert.True(peer.GetProperty("reachable").GetBoolean());
        Assert.True(peer.TryGetProperty("subscription", out _));
        Assert.False(down.GetProperty("peers")[0].GetProperty("reachable").GetBoolean());
    }
}
