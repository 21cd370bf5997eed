using System.Globalization;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 17, usage and cost: cache writes reported by an upstream reach the ledger apart from the other input
/// (request log, daily totals, <c>/x/usage</c>, the CSV's last column) and are billed at the model's cache-write price,
/// by the ledger and by the key's budget alike. The upstream here is an OpenAI-compatible one that passes Anthropic's
/// usage fields on (as aggregators do); native Anthropic traffic is covered by <c>AnthropicLedgerEndToEndTests</c>.
/// </summary>
[Collection(BudgetCollection.Name)]
public sealed class CacheWriteLedgerTests(BudgetFixture fixture)
{
    private const string AnthropicUsage = """{"input_tokens":21,"cache_read_input_tokens":5,"cache_creation_input_tokens":7,"output_tokens":12}""";

    /// <summary>claude-sonnet-4-5's list prices: 21 uncached input at $3, 5 cache reads at $0.30, 7 cache writes at $3.75, 12 output at $15.</summary>
    private const decimal Cost = ((21 * 3.00m) + (5 * 0.30m) + (7 * 3.75m) + (12 * 15.00m)) / 1_000_000m;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CacheWrites_AreRecordedApart_AndPricedAtTheCacheWritePrice(bool stream)
    {
        var model = stream ? "claude-sonnet-4-5-cache-stream" : "claude-sonnet-4-5-cache-json";
        fixture.Upstream.UsageByModel[model] = AnthropicUsage;
        using var tenant = await fixture.CreateTenantAsync("cache-write-" + (stream ? "stream" : "json"), model);
        var (keyId, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "budgeted", budget = new { credit_usd = 1m } });
        using var client = fixture.Gateway.CreateClientWithKey(key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model, stream, messages = new[] { new { role = "user", content = "hello" } }, max_tokens = 30 }, Cancellation);
        await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await LedgerRecords.OfModelAsync(fixture.Gateway, tenant, model));
        Assert.Equal(keyId, record.GetProperty("key_id").GetString());
        Assert.Equal(33, record.GetProperty("input_tokens").GetInt64());
        Assert.Equal(5, record.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal(7, record.GetProperty("cache_write_tokens").GetInt64());
        Assert.Equal(12, record.GetProperty("output_tokens").GetInt64());
        Assert.False(record.GetProperty("estimated").GetBoolean());
        Assert.Equal(Cost, record.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(Cost, (await BudgetTenant.BudgetStatusAsync(tenant, keyId)).GetProperty("credit_spent_usd").GetDecimal());

        var usage = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage?group_by=model", Cancellation);
        var row = Assert.Single(usage.GetProperty("rows").EnumerateArray());
        Assert.Equal(model, row.GetProperty("group").GetString());
        Assert.Equal(7, row.GetProperty("cache_write_tokens").GetInt64());
        Assert.Equal(7, usage.GetProperty("totals").GetProperty("cache_write_tokens").GetInt64());
        Assert.Equal(Cost, usage.GetProperty("totals").GetProperty("cost_usd").GetDecimal());

        var csv = (await tenant.Client.GetStringAsync("/x/usage.csv?group_by=model", Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,cost_usd,estimated_requests,cache_write_tokens,errors", csv[0]);
        var cells = csv[2].Split(',');
        Assert.Equal([model, "1", "33", "5", "12", "0"], cells[..6]);
        Assert.Equal(Cost, decimal.Parse(cells[6], CultureInfo.InvariantCulture));
        Assert.Equal(["0", "7", "0"], cells[7..]);
    }

    [Fact]
    public async Task TenantPrices_TakeACacheWritePrice_AndRefuseABadOne()
    {
        using var tenant = await fixture.CreateTenantAsync("cache-write-prices", "claude-custom");

        using var set = await tenant.Client.PutAsJsonAsync("/x/prices",
            new { models = new Dictionary<string, object> { ["claude-custom"] = new { input = 2m, cached_input = 0.2m, output = 10m, cache_write = 2.5m } } }, Cancellation);
        using var negative = await tenant.Client.PutAsJsonAsync("/x/prices",
            new { models = new Dictionary<string, object> { ["claude-custom"] = new { input = 2m, output = 10m, cache_write = -1m } } }, Cancellation);
        var prices = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/prices", Cancellation);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("cache_write", await negative.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        var custom = prices.GetProperty("models").GetProperty("claude-custom");
        Assert.Equal(2.5m, custom.GetProperty("cache_write").GetDecimal());
        Assert.Equal(3.75m, prices.GetProperty("models").GetProperty("claude-sonnet-4-5").GetProperty("cache_write").GetDecimal());
    }
}
