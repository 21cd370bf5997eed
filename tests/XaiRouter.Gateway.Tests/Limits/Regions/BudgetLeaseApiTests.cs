using System.Net.Http.Headers;

namespace XaiRouter.Gateway.Limits.Regions.Tests;

/// <summary><c>POST /admin/regions/budget-lease</c> on the home region: operator token, validation, ProblemDetails.</summary>
[Collection(RegionPairCollection.Name)]
public sealed class BudgetLeaseApiTests(RegionPairFixture regions)
{
    private const string Path = "/admin/regions/budget-lease";

    [Fact]
    public async Task ValidAsk_IsGrantedItsCeilings_InSnakeCase()
    {
        using var client = regions.Home.CreateOperatorClient();

        using var response = await client.PostAsJsonAsync(Path, Ask(), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2.5m, body.GetProperty("granted_usd").GetDecimal());
        Assert.Equal(2.5m, body.GetProperty("credit_ceiling_usd").GetDecimal());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("month_ceiling_usd").ValueKind);
        Assert.Equal(0m, body.GetProperty("credit_spent_usd").GetDecimal());
    }

    [Fact]
    public async Task WithoutTheOperatorToken_Unauthorized()
    {
        using var client = regions.Home.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-operator-token");

        using var response = await client.PostAsJsonAsync(Path, Ask(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("scope", "rl:tenant:pk:provider-key", "'scope'")]
    [InlineData("region", "z", "'region'")]
    [InlineData("region", "a", "'region'")]
    [InlineData("month", "2026-13", "'month'")]
    [InlineData("credit_spent_usd", -1, "must not be negative")]
    [InlineData("budget", null, "'budget'")]
    [InlineData("budget", "soft", "'budget'")]
    public async Task InvalidAsk_BadRequest_NamingTheField(string field, object? value, string detail)
    {
        var ask = Ask();
        ask[field] = value switch
        {
            "soft" => new Dictionary<string, object> { ["monthly_usd"] = 5, ["monthly_mode"] = "soft" },
            _ => value,
        };
        using var client = regions.Home.CreateOperatorClient();

        using var response = await client.PostAsJsonAsync(Path, ask, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_BadRequest()
    {
        using var client = regions.Home.CreateOperatorClient();

        using var response = await client.PostAsync(Path, new StringContent("{\"scope\":", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AskForAnotherHome_Conflict()
    {
        var ask = Ask();
        ask["home_region"] = "c";
        using var client = regions.Home.CreateOperatorClient();

        using var response = await client.PostAsJsonAsync(Path, ask, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Dictionary<string, object?> Ask()
    {
        var (tenantId, keyId) = (TenantHomes.In("a"), Guid.NewGuid().ToString("N"));
        regions.KeyBudgets.Declare(tenantId, keyId, new Grains.Abstractions.Limits.BudgetPolicy(CreditUsd: 10m));
        return new()
        {
            ["scope"] = $"rl:{tenantId}:k:{keyId}",
            ["region"] = "b",
            ["home_region"] = "a",
            ["month"] = regions.Clock.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            ["credit_spent_usd"] = 0,
            ["month_spent_usd"] = 0,
            ["ask_usd"] = 0.5,
            ["budget"] = new Dictionary<string, object> { ["credit_usd"] = 10 },
        };
    }
}
