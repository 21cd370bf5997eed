using System.Globalization;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Grains.Tests.Usage;

/// <summary>
/// Issue 17, usage: the ledger keeps cache writes (Anthropic's cache creation tokens) apart, in the request log and
/// in the daily totals (migration 0003), on SQLite (<see cref="CacheWriteLedgerTests"/>) and PostgreSQL
/// (<see cref="PostgresCacheWriteLedgerTests"/>). Rows and totals written before the migration read 0.
/// </summary>
public abstract class CacheWriteLedgerContract(GrainClusterFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 11, 29);

    private static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private UsageStore Store => new(fixture.Database);

    [Fact]
    public async Task RequestRowsAndTotals_CarryCacheWrites()
    {
        var tenant = NewTenantId();
        var ledger = fixture.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenant, Day));
        var first = Record("w1", At) with { InputTokens = 33, CachedInputTokens = 5, CacheWriteTokens = 7 };
        var second = Record("w2", At.AddSeconds(1)) with { InputTokens = 10, CacheWriteTokens = 3 };

        Assert.Equal(2, await ledger.RecordAsync([first, second, first]));

        var rows = await ledger.QueryRequestsAsync(new RequestLogQuery(10));
        Assert.Equal([3L, 7L], rows.Select(r => r.CacheWriteTokens));
        Assert.Equal(first with { TenantId = tenant }, rows[1]);
        var totals = Assert.Single(await ledger.GetTotalsAsync());
        Assert.Equal((2L, 43L, 5L, 10L), (totals.Requests, totals.InputTokens, totals.CachedInputTokens, totals.CacheWriteTokens));
        Assert.Equal(10L, Assert.Single(await new UsageReader(Store).ReadTotalsAsync(tenant, Day, Day, Cancellation)).Totals.CacheWriteTokens);
    }

    [Fact]
    public async Task RowsWrittenBeforeTheMigration_ReadNoCacheWrites_AndTotalsAddOnToThem()
    {
        var tenant = NewTenantId();
        var dayText = Day.ToString(UsageStore.DayFormat, CultureInfo.InvariantCulture);
        await ExecuteAsync(
            "INSERT INTO xai_usage_requests (tenant_id, request_id, at_ticks, key_id, model, provider_key_id, status, input_tokens, cached_input_tokens, " +
            "output_tokens, reasoning_tokens, estimated, cost_usd, latency_ms, ttfb_ms, budget_warning, usage_invalid, unpriced, error) " +
            "VALUES (@tenant, 'old', @at, 'key', 'claude-sonnet-4-5', 'pk', 200, 10, 0, 2, 0, @no, @cost, 12, NULL, @no, @no, @no, NULL)",
            tenant, dayText);
        await ExecuteAsync(
            "INSERT INTO xai_usage_totals (tenant_id, day, key_id, model, provider_key_id, requests, input_tokens, cached_input_tokens, output_tokens, " +
            "reasoning_tokens, cost_usd, estimated_requests) VALUES (@tenant, @day, 'key', 'claude-sonnet-4-5', 'pk', 1, 10, 0, 2, 0, @cost, 0)",
            tenant, dayText);

        var old = Assert.Single(await new UsageReader(Store).QueryRequestsAsync(tenant, At.AddDays(-1), At.AddDays(1), new RequestLogQuery(10), false, Cancellation));
        await Store.WriteAsync(tenant, Day, [Record("new", At.AddSeconds(1)) with { InputTokens = 20, CacheWriteTokens = 4 }], Cancellation);
        var totals = Assert.Single(await new UsageReader(Store).ReadTotalsAsync(tenant, Day, Day, Cancellation)).Totals;

        Assert.Equal(0, old.CacheWriteTokens);
        Assert.Equal((2L, 30L, 4L), (totals.Requests, totals.InputTokens, totals.CacheWriteTokens));
    }

    private static string NewTenantId() => "cw" + Guid.NewGuid().ToString("N");

    private static UsageRecord Record(string id, DateTimeOffset at) =>
        new(id, "tenant", "key", "claude-sonnet-4-5", "pk", at, 200, 1, 0, 2, 0, false, 0.001m, 12);

    private async Task ExecuteAsync(string sql, string tenant, string day)
    {
        await using var connection = await Store.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        UsageStore.AddParameter(command, "tenant", tenant);
        UsageStore.AddParameter(command, "day", day);
        UsageStore.AddParameter(command, "at", At.UtcTicks);
        UsageStore.AddParameter(command, "no", false);
        UsageStore.AddParameter(command, "cost", Store.Sql.CostValue(0.001m));
        await command.ExecuteNonQueryAsync(Cancellation);
    }
}
