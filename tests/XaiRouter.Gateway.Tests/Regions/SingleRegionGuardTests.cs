namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>One region (no <c>Region:Name</c>): the home-region guard never asks where a tenant lives.</summary>
public sealed class SingleRegionGuardTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new() { ReplaceServices = RegionGatewayFactory.UseTestHomes };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Writes_InOneRegion_NeverLookUpAHome()
    {
        using var tenant = await TenantSession.CreateAsync(_factory, "single");
        _factory.Homes().Home(tenant.Id, "elsewhere");
        using var operatorClient = _factory.CreateOperatorClient();

        var sessionKey = await Keys.Tests.KeysTestHelpers.OpenSessionAsync(_factory, tenant);
        using var write = await tenant.Client.PutAsJsonAsync("/x/settings", new { }, Cancellation);
        using var disable = await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/disable", null, Cancellation);

        Assert.StartsWith("sk-Xvs", sessionKey, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(0, _factory.Homes().Lookups);
    }
}
