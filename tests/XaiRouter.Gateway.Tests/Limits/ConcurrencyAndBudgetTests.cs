using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Forwarding.Tests;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>Concurrency caps and budgets across two gateways of one cluster.</summary>
[Collection(TwoGatewayCollection.Name)]
public sealed class ConcurrencyAndBudgetTests(TwoGatewayFixture cluster, ITestOutputHelper output)
{
    // The gateway estimates "hello" as 8 prompt tokens and reserves max_tokens (30) for the answer; this model's
    // upstream reports exactly that, so reservations equal costs.
    private const string ExactModel = "usage-8-30";

    [Fact]
    public async Task Concurrency4_SlowStreamsOverTwoGateways_NeverMoreThan4InFlightUpstream_AndSlotsComeBack()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await cluster.CreateTenantAsync(["unused-model"]);
        await tenant.Session.AddProviderKeyAsync(upstream.BaseUrl, "sk-slow-provider-key-0123456789", ["gpt-4o"]);
        var (_, key) = await tenant.CreateKeyAsync(limits: new { concurrency = 4 });
        var clients = tenant.ClientsFor(key);

        // Each admitted stream sends its first chunk and then waits for the gate: all ten answers start at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tenant.ChatAsync(clients, "gpt-4o", stream: true)));

        var streaming = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(4, streaming.Count);
        Assert.Equal(6, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(4, upstream.InFlight);
        upstream.ReleaseStream();
        foreach (var response in streaming)
        {
            Assert.EndsWith("data: [DONE]\n\n", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        Assert.Equal(4, upstream.MaxInFlight);
        using var after = await tenant.ChatAsync(clients, "gpt-4o");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Budget_64ConcurrentRequestsAgainstABudgetFor10_SpendStaysWithinTheBudget()
    {
        using var tenant = await cluster.CreateTenantAsync([ExactModel]);
        await SetPriceAsync(tenant);
        var cost = RequestCost;
        var budget = 10 * cost;
        var (keyId, key) = await tenant.CreateKeyAsync(budget: new { credit_usd = budget });
        var clients = tenant.ClientsFor(key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => tenant.ChatAsync(clients, ExactModel)));

        var admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var error = (await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error");
            Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        }

        var recorded = await RecordedCostAsync(tenant, keyId);
        output.WriteLine($"budget {budget} USD (10 requests), 64 concurrent: {admitted} admitted, {recorded} USD recorded (overspend {recorded - budget})");
        Assert.Equal(10, admitted);
        Assert.True(recorded <= budget, $"recorded {recorded} > budget {budget}");

        var status = await ReadBudgetStatusAsync(tenant, keyId);
        Assert.Equal(recorded, status.GetProperty("credit_spent_usd").GetDecimal());
        Assert.Equal(budget - recorded, status.GetProperty("credit_left_usd").GetDecimal());
        Assert.Equal(0m, status.GetProperty("reserved_usd").GetDecimal());
    }

    [Fact]
    public async Task SoftMonthlyBudget_ServesWithAWarningHeaderAndFlagsTheUsageRecord()
    {
        using var tenant = await cluster.CreateTenantAsync([ExactModel]);
        await SetPriceAsync(tenant);
        var (keyId, key) = await tenant.CreateKeyAsync(budget: new { monthly_usd = RequestCost / 2, monthly_mode = "soft" });
        var clients = tenant.ClientsFor(key);

        using var response = await tenant.ChatAsync(clients, ExactModel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("monthly budget exceeded", LimitsTenant.Header(response, "x-budget-warning"));
        await LedgerProbe.WaitForLedgerAsync(cluster.First);
        await LedgerProbe.WaitForLedgerAsync(cluster.Second);
        using var requests = await tenant.Session.Client.GetAsync("/x/requests", TestContext.Current.CancellationToken);
        var record = (await requests.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("data").EnumerateArray()
            .Single(r => r.GetProperty("key_id").GetString() == keyId);
        Assert.True(record.GetProperty("budget_warning").GetBoolean());
    }

    [Fact]
    public async Task HardMonthlyBudget_RefusesOnceSpent_UntilTheMonthTurns()
    {
        using var tenant = await cluster.CreateTenantAsync([ExactModel]);
        await SetPriceAsync(tenant);
        var (_, key) = await tenant.CreateKeyAsync(budget: new { monthly_usd = 2 * RequestCost, monthly_mode = "hard" });
        var clients = tenant.ClientsFor(key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await tenant.ChatAsync(clients, ExactModel);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(LimitsTenant.Header(response, "Retry-After"));
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        cluster.Clock.Advance(TimeSpan.FromDays(31));
        using var nextMonth = await tenant.ChatAsync(clients, ExactModel);
        Assert.Equal(HttpStatusCode.OK, nextMonth.StatusCode);
    }

    [Fact]
    public async Task Credit_ExpiresAtItsDate()
    {
        using var tenant = await cluster.CreateTenantAsync([ExactModel]);
        await SetPriceAsync(tenant);
        var (keyId, key) = await tenant.CreateKeyAsync(budget: new { credit_usd = 1m, credit_expires_at = cluster.Clock.GetUtcNow().AddHours(1) });
        var clients = tenant.ClientsFor(key);

        using var before = await tenant.ChatAsync(clients, ExactModel);
        cluster.Clock.Advance(TimeSpan.FromHours(2));
        using var after = await tenant.ChatAsync(clients, ExactModel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, after.StatusCode);
        var error = (await after.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error");
        Assert.Equal("insufficient_quota", error.GetProperty("code").GetString());
        Assert.Equal(0m, (await ReadBudgetStatusAsync(tenant, keyId)).GetProperty("credit_left_usd").GetDecimal());
    }

    /// <summary>USD per 1M tokens for input and output.</summary>
    private const decimal PricePerMillion = 100m;

    /// <summary>The cost of one request of <see cref="ExactModel"/>: 38 tokens.</summary>
    private static decimal RequestCost => 38 * PricePerMillion / 1_000_000m;

    private static async Task SetPriceAsync(LimitsTenant tenant)
    {
        using var response = await tenant.Session.Client.PutAsJsonAsync("/x/prices",
            new { models = new Dictionary<string, object> { [ExactModel] = new { input = PricePerMillion, output = PricePerMillion } } },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<decimal> RecordedCostAsync(LimitsTenant tenant, string keyId)
    {
        await LedgerProbe.WaitForLedgerAsync(cluster.First);
        await LedgerProbe.WaitForLedgerAsync(cluster.Second);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await cluster.First.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IUsageLedgerGrain>(Grains.Abstractions.GrainKeys.UsageLedger(tenant.Session.Id, day)).GetTotalsAsync();
        return rows.Where(r => r.KeyId == keyId).Sum(r => r.CostUsd);
    }

    private static async Task<JsonElement> ReadBudgetStatusAsync(LimitsTenant tenant, string keyId)
    {
        using var response = await tenant.Session.Client.GetAsync($"/x/keys/{keyId}", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("budget_status");
    }
}
