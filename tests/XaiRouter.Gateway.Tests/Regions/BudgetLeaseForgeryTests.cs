namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>
/// <c>POST /admin/regions/budget-lease</c> on the home, asked by a buggy, stale or hostile peer: the home grants from
/// the key's budget as the home holds it, never from the budget the ask carries. A real Gateway on PostgreSQL and Redis.
/// </summary>
public sealed class BudgetLeaseForgeryTests : IAsyncLifetime
{
    private GatewayFactory _factory = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _factory = await RegionGatewayFactory.CreateAsync("http://127.0.0.1:9/");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task AskCarryingALargerBudgetThanTheKeyHasAtHome_IsGrantedFromTheHomeBudgetOnly()
    {
        using var tenant = await TenantSession.CreateAsync(_factory, "lease-forger");
        var (keyId, _) = await Usage.Tests.BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "ten-dollars", budget = new { credit_usd = 10m } });
        using var operatorClient = _factory.CreateOperatorClient();

        using var response = await operatorClient.PostAsJsonAsync("/admin/regions/budget-lease", Ask($"rl:{tenant.Id}:k:{keyId}"), Cancellation);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10m, body.GetProperty("credit_ceiling_usd").GetDecimal());
    }

    [Fact]
    public async Task AskForAKeyWithoutABudgetAtHome_Conflict()
    {
        using var tenant = await TenantSession.CreateAsync(_factory, "lease-forger");
        var (keyId, _) = await Usage.Tests.BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "unbudgeted" });
        using var operatorClient = _factory.CreateOperatorClient();

        using var unbudgeted = await operatorClient.PostAsJsonAsync("/admin/regions/budget-lease", Ask($"rl:{tenant.Id}:k:{keyId}"), Cancellation);
        using var unknown = await operatorClient.PostAsJsonAsync("/admin/regions/budget-lease", Ask($"rl:{tenant.Id}:k:{Guid.NewGuid():N}"), Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, unbudgeted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    private static Dictionary<string, object?> Ask(string scope) => new()
    {
        ["scope"] = scope,
        ["region"] = RegionGatewayFactory.Peer,
        ["home_region"] = RegionGatewayFactory.Self,
        ["month"] = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        ["credit_spent_usd"] = 0,
        ["month_spent_usd"] = 0,
        ["ask_usd"] = 1_000_000m,
        ["budget"] = new Dictionary<string, object> { ["credit_usd"] = 1_000_000_000m },
    };
}
