using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Grains.Tests.Usage;

/// <summary>
/// The usage ledger's behaviour, run once per storage provider (<see cref="UsageLedgerGrainTests"/> on SQLite,
/// <see cref="PostgresUsageLedgerGrainTests"/> on PostgreSQL) against the real cluster and its migrated tables.
/// </summary>
public abstract class UsageLedgerContract(GrainClusterFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 11, 27);

    protected GrainClusterFixture Fixture { get; } = fixture;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private UsageStore Store => new(Fixture.Database);

    [Fact]
    public async Task RecordAsync_DuplicateRequestIds_AreCountedOnce()
    {
        var sut = Ledger();
        var first = Record("r1", input: 10, output: 5, cost: 0.001m);

        var added = await sut.RecordAsync([first, Record("r2", input: 1, output: 1, cost: 0.0001m)]);
        var again = await sut.RecordAsync([first, first]);
        var totals = (await sut.GetTotalsAsync()).Single();

        Assert.Equal(2, added);
        Assert.Equal(0, again);
        Assert.Equal(2, totals.Requests);
        Assert.Equal(11, totals.InputTokens);
        Assert.Equal(0.0011m, totals.CostUsd);
    }

    [Fact]
    public async Task Deactivation_WritesWhatWasAcknowledged()
    {
        var sut = Ledger();
        await sut.RecordAsync([Record("a", 3, 4, 0.5m), Record("b", 1, 1, 0.25m)]);

        await Fixture.Cluster.DeactivateAsync(sut);

        var totals = (await sut.GetTotalsAsync()).Single();
        Assert.Equal(2, totals.Requests);
        Assert.Equal(0.75m, totals.CostUsd);
        Assert.Equal(0, await sut.RecordAsync([Record("a", 3, 4, 0.5m)]));
        Assert.Equal(["b", "a"], (await sut.GetRecentAsync(10)).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Refusals_AreLoggedApartFromTotals_OnceEach_AndTheIndexSurvivesDeactivation()
    {
        var sut = Ledger();
        var refused = Record("x1", 0, 0, 0m) with { Status = 403, KeyId = "other", Error = "permission_denied", At = new DateTimeOffset(2026, 11, 27, 11, 0, 0, TimeSpan.Zero) };
        var limited = Record("x2", 0, 0, 0m) with { Status = 429, Model = "gpt-4o-mini", Error = "rate_limit_exceeded", At = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero) };

        var added = await sut.RecordAsync([Record("a", 3, 4, 0.5m), refused, limited, refused]);
        await Fixture.Cluster.DeactivateAsync(sut);
        var again = await sut.RecordAsync([refused]);
        var rows = await sut.GetTotalsAsync();
        var totals = Assert.Single(rows, t => t.Requests > 0);
        var all = await sut.QueryRequestsAsync(new RequestLogQuery(10));
        var forbidden = await sut.QueryRequestsAsync(new RequestLogQuery(10, Status: 403));
        var mini = await sut.QueryRequestsAsync(new RequestLogQuery(10, Model: "gpt-4o-mini", KeyId: "key"));
        var invisible = await sut.QueryRequestsAsync(new RequestLogQuery(10, Status: 403, VisibleKeyIds: ["key"]));
        var none = await sut.QueryRequestsAsync(new RequestLogQuery(10, Status: 500));

        Assert.Equal(3, added);
        Assert.Equal(0, again);
        Assert.Equal(1, totals.Requests);
        Assert.Equal(0, totals.Errors);

        // Issue 18: each refusal counts once as an error of its key, under no model or provider key, and in nothing else.
        Assert.Equal(
            [("key", "", "", 1L), ("other", "", "", 1L)],
            rows.Where(t => t.Requests == 0).OrderBy(t => t.KeyId, StringComparer.Ordinal).Select(t => (t.KeyId, t.Model, t.ProviderKeyId, t.Errors)));
        Assert.All(rows.Where(t => t.Requests == 0), t => Assert.Equal((0L, 0m), (t.InputTokens + t.OutputTokens, t.CostUsd)));
        Assert.Equal(["x2", "x1", "a"], all.Select(r => r.RequestId));
        Assert.Equal("permission_denied", Assert.Single(forbidden).Error);
        Assert.Equal("x2", Assert.Single(mini).RequestId);
        Assert.Empty(invisible);
        Assert.Empty(none);
    }

    [Fact]
    public async Task RequestRows_KeepEveryField()
    {
        var sut = Ledger();
        var record = Record("full", 1234, 56, 0.0000057m) with
        {
            CachedInputTokens = 200, ReasoningTokens = 7, Estimated = true, TimeToFirstByteMs = 9, BudgetWarning = true, UsageInvalid = true, Unpriced = true,
            At = new DateTimeOffset(2026, 11, 27, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4567),
        };

        await sut.RecordAsync([record]);

        Assert.Equal(record with { TenantId = TenantOf(sut) }, Assert.Single(await sut.QueryRequestsAsync(new RequestLogQuery(10))));
    }

    /// <summary>
    /// Issue 16, item 2: the ledger rewrote a state holding every request id of the day, so each write cost more as
    /// the day went on. Now a batch writes its own rows and its groups' totals rows, whatever the day holds already,
    /// and nothing of the ledger is grain state.
    /// </summary>
    [Fact]
    public async Task WriteCost_IsTheSameLateInABusyDayAsOnAnEmptyOne()
    {
        var tenant = NewTenantId();
        var first = await Store.WriteAsync(tenant, Day, Batch("early", 100), Cancellation);
        for (var i = 0; i < 10; i++)
        {
            await Store.WriteAsync(tenant, Day, Batch($"bulk{i}-", 1000), Cancellation);
        }

        var late = await Store.WriteAsync(tenant, Day, Batch("late", 100), Cancellation);
        var ledger = Fixture.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenant, Day));
        var viaGrain = await ledger.RecordAsync([.. Batch("grain", 100)]);
        await Fixture.Cluster.DeactivateAsync(ledger);

        Assert.Equal(100, first.Inserted);
        Assert.Equal(100, late.Inserted);
        Assert.Equal(100, viaGrain);
        Assert.Equal(first.Statements, late.Statements);
        Assert.Equal(first.RowsWritten, late.RowsWritten);
        Assert.Equal(10_300, Assert.Single(await ledger.GetTotalsAsync()).Requests);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM xai_grain_state WHERE key_string LIKE @pattern", ("pattern", "%" + tenant + "%")));
    }

    [Fact]
    public async Task ConcurrentWriters_CountEachRequestOnce()
    {
        var tenant = NewTenantId();
        var shared = Batch("shared", 300);

        var results = await Task.WhenAll(
            Store.WriteAsync(tenant, Day, [.. Batch("left", 200), .. shared], Cancellation),
            Store.WriteAsync(tenant, Day, [.. shared, .. Batch("right", 200)], Cancellation));
        var totals = (await new UsageReader(Store).ReadTotalsAsync(tenant, Day, Day, Cancellation)).Single().Totals;

        Assert.Equal(700, results.Sum(r => r.Inserted));
        Assert.Equal(700, totals.Requests);
        Assert.Equal(700 * 3, totals.InputTokens);
        Assert.Equal(700 * 0.001m, totals.CostUsd);
    }

    [Fact]
    public async Task Retention_DeletesOldRequestRowsInChunks_AndKeepsTheirTotals()
    {
        var tenant = NewTenantId();
        var now = DateTimeOffset.UtcNow;
        var oldDay = DateOnly.FromDateTime(now.AddDays(-40).UtcDateTime);
        var oldAt = new DateTimeOffset(oldDay.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var old = Batch("old", UsageRetentionService.ChunkSize + 100).Select(r => r with { At = oldAt }).ToList();
        await Store.WriteAsync(tenant, oldDay, old, Cancellation);
        await Store.WriteAsync(tenant, today, Batch("new", 5).Select(r => r with { At = now }).ToList(), Cancellation);
        var retention = new UsageRetentionService(
            Store, Options.Create(new UsageLedgerOptions { RequestRetentionDays = 31 }), TimeProvider.System, NullLogger<UsageRetentionService>.Instance);

        var deleted = await retention.CleanUpAsync(Cancellation);

        var reader = new UsageReader(Store);
        Assert.True(deleted >= old.Count, $"deleted {deleted}");
        Assert.Empty(await reader.QueryRequestsAsync(tenant, oldAt.AddDays(-1), oldAt.AddDays(1), new RequestLogQuery(10), servedOnly: false, Cancellation));
        Assert.Equal(5, (await reader.QueryRequestsAsync(tenant, now.AddDays(-1), now.AddDays(1), new RequestLogQuery(10), servedOnly: false, Cancellation)).Length);
        Assert.Equal(old.Count, Assert.Single(await reader.ReadTotalsAsync(tenant, oldDay, oldDay, Cancellation)).Totals.Requests);
    }

    [Fact]
    public async Task RequestLog_VisibleKeysBeyondOneQuery_AreSearchedInSlices_NewestFirst()
    {
        var sut = Ledger();
        var keys = Enumerable.Range(0, UsageReader.KeysPerQuery + 10).Select(i => $"key{i:000}").ToList();
        var records = keys.Select((key, i) => Record($"q{i}", 1, 1, 0m) with { KeyId = key, At = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero).AddSeconds(i) }).ToList();
        await sut.RecordAsync([.. records]);

        // Every key but the newest request's.
        var visible = keys.Take(keys.Count - 1).ToImmutableHashSet(StringComparer.Ordinal);
        var found = await sut.QueryRequestsAsync(new RequestLogQuery(5, VisibleKeyIds: visible));

        Assert.Equal(Enumerable.Range(keys.Count - 6, 5).Reverse().Select(i => $"q{i}"), found.Select(r => r.RequestId));
    }

    /// <summary>
    /// Review of issue 16: a refusal's model is the caller's own text (a 403 or 404 for a model the key may not use).
    /// PostgreSQL's text refuses a NUL character and Npgsql a lone surrogate, so such a record failed its batch every
    /// time, and the reporter, retrying that batch until acknowledged, stopped settling every tenant's usage behind it.
    /// Both are stored (replaced by U+FFFD) like any other text, and a filter by such a model (<c>/x/requests?model=</c>,
    /// a 500 on PostgreSQL) finds them.
    /// </summary>
    [Fact]
    public async Task RequestRows_WithTextNoDatabaseTakes_AreStored_NotRefusedForever()
    {
        var sut = Ledger();
        var refused = Record("nul", 0, 0, 0m) with { Status = 403, Model = "gpt\u0000x\ud800y", Error = "permission_denied" };
        var served = Record("ok", 1, 1, 0.01m) with { Model = "m\u0000", At = refused.At.AddSeconds(1) };

        var added = await sut.RecordAsync([refused, served]);

        Assert.Equal(2, added);
        var rows = await sut.QueryRequestsAsync(new RequestLogQuery(10));
        Assert.Equal(["m\ufffd", "gpt\ufffdx\ufffdy"], rows.Select(r => r.Model));
        Assert.Equal("m\ufffd", Assert.Single(await sut.GetTotalsAsync(), t => t.Requests > 0).Model);
        Assert.Equal(0, await sut.RecordAsync([refused, served]));
        Assert.Equal("nul", Assert.Single(await sut.QueryRequestsAsync(new RequestLogQuery(10, Model: refused.Model))).RequestId);
    }

    /// <summary>
    /// Review of issue 16: a retention longer than the calendar reaches back (someone meaning "keep forever") made
    /// the cutoff overflow; the cleanup threw an exception the service does not catch, which stops the host.
    /// </summary>
    [Fact]
    public async Task Retention_LongerThanTheCalendar_DeletesNothing_AndDoesNotThrow()
    {
        var tenant = NewTenantId();
        var now = DateTimeOffset.UtcNow;
        await Store.WriteAsync(tenant, DateOnly.FromDateTime(now.UtcDateTime), Batch("kept", 3).Select(r => r with { At = now }).ToList(), Cancellation);
        var retention = new UsageRetentionService(
            Store, Options.Create(new UsageLedgerOptions { RequestRetentionDays = int.MaxValue }), TimeProvider.System, NullLogger<UsageRetentionService>.Instance);

        Assert.Equal(0L, await retention.CleanUpAsync(Cancellation));
        Assert.Equal(3, (await new UsageReader(Store).QueryRequestsAsync(tenant, now.AddDays(-1), now.AddDays(1), new RequestLogQuery(10), servedOnly: false, Cancellation)).Length);
    }

    /// <summary>
    /// Review of issue 16: amounts are exact decimals on both databases. PostgreSQL's <c>numeric</c> adds without
    /// rounding, so a day's total can hold more digits than a .NET decimal (29 significant); reading it must round as
    /// the decimal sums of SQLite (and the former grain state) do, not fail <c>/x/usage</c>.
    /// </summary>
    [Fact]
    public async Task Totals_BeyondDecimalPrecision_ReadRounded_LikeDecimalSums()
    {
        var sut = Ledger();
        var tiny = 0.0000000000000000000000000001m;
        var large = 123456789012.5m;

        await sut.RecordAsync([Record("big", 1, 1, large), Record("tiny", 1, 1, tiny) with { At = new DateTimeOffset(2026, 11, 27, 10, 0, 1, TimeSpan.Zero) }]);

        Assert.Equal(large + tiny, Assert.Single(await sut.GetTotalsAsync()).CostUsd);
        Assert.Equal(tiny, (await sut.QueryRequestsAsync(new RequestLogQuery(10))).First().CostUsd);
    }

    private static string NewTenantId() => "test" + Guid.NewGuid().ToString("N");

    private static string TenantOf(IUsageLedgerGrain ledger) => ledger.GetPrimaryKeyString()[GrainKeys.UsageLedgerPrefix.Length..^11];

    private IUsageLedgerGrain Ledger() => Fixture.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(NewTenantId(), Day));

    private static List<UsageRecord> Batch(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Record(prefix + i, 3, 2, 0.001m))];

    private static UsageRecord Record(string id, long input, long output, decimal cost) =>
        new(id, "tenant", "key", "gpt-4o", "pk", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), 200, input, 0, output, 0, false, cost, 12);

    private async Task<object?> ScalarAsync(string sql, (string Name, object Value) parameter)
    {
        await using var connection = await Fixture.Database.OpenConnectionAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = parameter.Name;
        p.Value = parameter.Value;
        command.Parameters.Add(p);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }
}
