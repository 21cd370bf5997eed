using OpenAI.Chat;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 15, defect 5: the usage an upstream reports is checked (non-negative, whole, bounded by what the request could
/// produce); when it fails, the router's estimate is billed instead, the record says so, and one warning is logged.
/// </summary>
[Collection(BudgetCollection.Name)]
public sealed class ReportedUsageValidationTests(BudgetFixture fixture)
{
    private const decimal Credit = 0.01m;

    public static TheoryData<string, bool> BadUsage => new()
    {
        { """{"prompt_tokens":-1000000,"completion_tokens":5,"total_tokens":-999995}""", false },
        { """{"prompt_tokens":-1000000,"completion_tokens":5,"total_tokens":-999995}""", true },
        { """{"prompt_tokens":1e308,"completion_tokens":1e308,"total_tokens":1e308}""", false },
        { """{"prompt_tokens":1e308,"completion_tokens":1e308,"total_tokens":1e308}""", true },
        { """{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":900000}}""", false },
        { """{"prompt_tokens":5,"completion_tokens":9000000,"total_tokens":9000005}""", false },
    };

    [Theory]
    [MemberData(nameof(BadUsage))]
    public async Task InvalidReportedUsage_IsReplacedByTheEstimate_FlaggedAndLoggedOnce_AndNeverRaisesTheCredit(string usage, bool stream)
    {
        var model = $"bad-usage-{(uint)usage.GetHashCode()}-{stream}".ToLowerInvariant();
        fixture.Upstream.UsageByModel[model] = usage;
        using var tenant = await fixture.CreateTenantAsync("bad-usage", model);
        await BudgetTenant.SetPriceAsync(tenant, model, 100m, 100m);
        var (keyId, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "budgeted", budget = new { credit_usd = Credit } });
        using var client = fixture.Gateway.CreateClientWithKey(key);

        // A raw client: the OpenAI SDK itself fails to read a count of 1e308 (it expects an int).
        using var response = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model, messages = new[] { new { role = "user", content = "hello there" } }, max_tokens = 30, stream }, TestContext.Current.CancellationToken);
        var answer = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hel", answer, StringComparison.OrdinalIgnoreCase);

        var record = Assert.Single(await BudgetTenant.RecordsAsync(fixture.Gateway, tenant, keyId));
        Assert.True(record.GetProperty("usage_invalid").GetBoolean());
        Assert.True(record.GetProperty("estimated").GetBoolean());
        Assert.InRange(record.GetProperty("input_tokens").GetInt64(), 1, 20);
        Assert.InRange(record.GetProperty("output_tokens").GetInt64(), 1, 30);
        Assert.Equal(0, record.GetProperty("cached_input_tokens").GetInt64());
        var cost = record.GetProperty("cost_usd").GetDecimal();
        Assert.Equal((record.GetProperty("input_tokens").GetInt64() + record.GetProperty("output_tokens").GetInt64()) * 100m / 1_000_000m, cost);

        var budget = await BudgetTenant.BudgetStatusAsync(tenant, keyId);
        Assert.Equal(cost, budget.GetProperty("credit_spent_usd").GetDecimal());
        Assert.Equal(Credit - cost, budget.GetProperty("credit_left_usd").GetDecimal());

        var requestId = record.GetProperty("request_id").GetString()!;
        var warning = Assert.Single(fixture.Gateway.Logs.Messages, m => m.Contains(requestId, StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains(keyId, warning, StringComparison.Ordinal);
        Assert.DoesNotContain(key, warning, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidReportedUsage_IsBilledAsReported_WithoutAFlag()
    {
        const string model = "usage-6-4";
        using var tenant = await fixture.CreateTenantAsync("good-usage", model);
        await BudgetTenant.SetPriceAsync(tenant, model, 100m, 100m);
        var (keyId, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "budgeted", budget = new { credit_usd = Credit } });

        await fixture.Sdk(key).GetChatClient(model).CompleteChatAsync([new UserChatMessage("hello there")], new ChatCompletionOptions { MaxOutputTokenCount = 30 }, TestContext.Current.CancellationToken);

        var record = Assert.Single(await BudgetTenant.RecordsAsync(fixture.Gateway, tenant, keyId));
        Assert.False(record.GetProperty("usage_invalid").GetBoolean());
        Assert.False(record.GetProperty("estimated").GetBoolean());
        Assert.Equal(6, record.GetProperty("input_tokens").GetInt64());
        Assert.Equal(4, record.GetProperty("output_tokens").GetInt64());
    }
}
