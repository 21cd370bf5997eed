using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Grains.Tests.Usage;

/// <summary>
/// Review of issue 16 (poison batches, root causes): a totals row could become unwritable. On SQLite the cost sum
/// (decimal text added by <c>xai_decimal_add</c>) threw past decimal's range, on PostgreSQL a token sum past
/// <c>bigint</c> failed (22003) and a cost sum past decimal's range failed every read; from then on every batch with a
/// record of that key, model and provider key failed, and the reporter retried it for ever. Now counts saturate at
/// <see cref="long.MaxValue"/> and costs at <see cref="UsageBounds.MaxCostUsd"/>, per request and in the totals, on
/// both databases (<see cref="UsageBoundsTests"/> on SQLite, <see cref="PostgresUsageBoundsTests"/> on PostgreSQL).
/// </summary>
public abstract class UsageBoundsContract(GrainClusterFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 11, 28);

    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExtremeRecords_AreWritten_AndTheirTotalsSaturate_InsteadOfFailingEveryLaterBatch()
    {
        var tenant = "bounds" + Guid.NewGuid().ToString("N");
        var ledger = fixture.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenant, Day));
        var huge = Record("huge1", long.MaxValue, decimal.MaxValue);

        // Each batch raises the same totals row past bigint's and decimal's range (the second one within the batch too).
        var first = await ledger.RecordAsync([huge]);
        var second = await ledger.RecordAsync([Record("huge2", long.MaxValue, decimal.MaxValue, 1), Record("huge3", long.MaxValue, decimal.MaxValue, 2)]);
        var later = await ledger.RecordAsync([Record("small", 10, 0.25m, 3)]);

        Assert.Equal((1, 2, 1), (first, second, later));
        var totals = Assert.Single(await ledger.GetTotalsAsync());
        Assert.Equal(4, totals.Requests);
        Assert.Equal(long.MaxValue, totals.InputTokens);
        Assert.Equal(long.MaxValue, totals.OutputTokens);
        Assert.Equal(UsageBounds.MaxCostUsd, totals.CostUsd);
        var rows = await ledger.QueryRequestsAsync(new RequestLogQuery(10));
        Assert.Equal(["small", "huge3", "huge2", "huge1"], rows.Select(r => r.RequestId));
        Assert.Equal([0.25m, UsageBounds.MaxCostUsd, UsageBounds.MaxCostUsd, UsageBounds.MaxCostUsd], rows.Select(r => r.CostUsd));
        Assert.Equal(long.MaxValue, rows[^1].InputTokens);
    }

    [Fact]
    public async Task NegativeCounts_AndCosts_AreStoredAsZero_SoTheyNeitherRefundNorBreakTheSums()
    {
        var tenant = "bounds" + Guid.NewGuid().ToString("N");
        var ledger = fixture.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenant, Day));

        await ledger.RecordAsync([Record("plain", 5, 1m), Record("negative", -1_000, -5m, 1)]);

        var totals = Assert.Single(await ledger.GetTotalsAsync());
        Assert.Equal((2, 5L, 1m), (totals.Requests, totals.InputTokens, totals.CostUsd));
    }

    [Fact]
    public async Task StoredValues_BeyondTheBounds_ReadSaturated_NotFailingTheRead()
    {
        // A totals row an older version could leave behind: a cost past decimal's range (SQLite text, PostgreSQL numeric).
        var tenant = "bounds" + Guid.NewGuid().ToString("N");
        await using (var connection = await fixture.Database.OpenConnectionAsync(Cancellation))
        await using (var command = connection.CreateCommand())
        {
            var cost = fixture.Database.Dialect.Provider == Grains.Storage.StorageProvider.Sqlite ? "'1000000000000000000000000000000000'" : "1e33";
            command.CommandText = "INSERT INTO xai_usage_totals (tenant_id, day, key_id, model, provider_key_id, requests, input_tokens, cached_input_tokens, " +
                $"output_tokens, reasoning_tokens, cost_usd, estimated_requests) VALUES ('{tenant}', '2026-11-28', 'key', 'gpt-4o', 'pk', 1, 1, 0, 1, 0, {cost}, 0)";
            await command.ExecuteNonQueryAsync(Cancellation);
        }

        var ledger = fixture.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenant, Day));
        Assert.Equal(UsageBounds.MaxCostUsd, Assert.Single(await ledger.GetTotalsAsync()).CostUsd);

        // And a write to that row still goes through.
        Assert.Equal(1, await ledger.RecordAsync([Record("after", 1, 1m)]));
        Assert.Equal((2, UsageBounds.MaxCostUsd), Assert.Single(await ledger.GetTotalsAsync()) is var row ? (row.Requests, row.CostUsd) : default);
    }

    private static UsageRecord Record(string id, long tokens, decimal cost, int second = 0) =>
        new(id, "tenant", "key", "gpt-4o", "pk", At.AddSeconds(second), 200, tokens, 0, tokens, 0, false, cost, 12);
}
