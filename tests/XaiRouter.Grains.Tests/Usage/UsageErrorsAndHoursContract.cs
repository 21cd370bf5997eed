using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Grains.Tests.Usage;

/// <summary>
/// Issue 18: the totals count errors (refusals and answers of status 400 or more) beside the requests, per day and
/// per hour (the hourly table, raised in the same write, kept a few days), and the request log filters by provider
/// key. Run once per storage provider.
/// </summary>
public abstract class UsageErrorsAndHoursContract(GrainClusterFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 11, 29);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private UsageStore Store => new(fixture.Database);

    [Fact]
    public async Task Errors_CountRefusalsAndFailedAnswers_PerDayAndPerHour_WithoutChangingRequests()
    {
        var tenant = NewTenantId();
        UsageRecord[] records =
        [
            Record("ok1", At(10, 0), 200, cost: 0.01m),
            Record("upstream500", At(10, 30), 500, cost: 0m),
            Record("ok2", At(11, 15), 200, cost: 0.02m),
            Record("refused", At(11, 20), 429, cost: 0m) with { Model = "caller text", ProviderKeyId = "", Error = "rate_limit_exceeded" },
        ];

        await Store.WriteAsync(tenant, Day, records, Cancellation);
        await Store.WriteAsync(tenant, Day, records, Cancellation);
        var reader = new UsageReader(Store);
        var daily = (await reader.ReadTotalsAsync(tenant, Day, Day, Cancellation)).Select(r => r.Totals).ToList();
        var hourly = await reader.ReadHourlyTotalsAsync(tenant, At(0, 0), At(23, 59), Cancellation);

        var served = Assert.Single(daily, t => t.Model == "gpt-4o");
        Assert.Equal((3L, 1L, 0.03m, 9L), (served.Requests, served.Errors, served.CostUsd, served.InputTokens));
        var refusal = Assert.Single(daily, t => t.Model == "");
        Assert.Equal((0L, 1L, "", 0L), (refusal.Requests, refusal.Errors, refusal.ProviderKeyId, refusal.InputTokens));
        Assert.Equal(
            [("2026-11-29T10:00:00Z", "gpt-4o", 2L, 1L), ("2026-11-29T11:00:00Z", "", 0L, 1L), ("2026-11-29T11:00:00Z", "gpt-4o", 1L, 0L)],
            hourly.OrderBy(h => h.Hour, StringComparer.Ordinal).ThenBy(h => h.Totals.Model, StringComparer.Ordinal)
                .Select(h => (h.Hour, h.Totals.Model, h.Totals.Requests, h.Totals.Errors)));
        Assert.Equal(0.01m, hourly.Single(h => h.Hour.EndsWith("T10:00:00Z", StringComparison.Ordinal)).Totals.CostUsd);
        Assert.Single(await reader.ReadHourlyTotalsAsync(tenant, At(11, 0), At(11, 0), Cancellation), h => h.Totals.Requests == 1);
    }

    [Fact]
    public async Task HourlyTotals_OlderThanTheirRetention_AreDeletedInChunks_AndTheDayIsKept()
    {
        var tenant = NewTenantId();
        var now = DateTimeOffset.UtcNow;
        var oldAt = now.AddDays(-(UsageRetentionService.HourlyRetentionDays + 1));
        var oldDay = DateOnly.FromDateTime(oldAt.UtcDateTime);
        var rowsOverAChunk = UsageRetentionService.ChunkSize + 50;

        // One hourly row per key: more old hourly rows than one chunk deletes.
        var old = Enumerable.Range(0, rowsOverAChunk).Select(i => Record($"old{i}", oldAt, 200, 0.001m) with { KeyId = $"key{i}" }).ToList();
        await Store.WriteAsync(tenant, oldDay, old, Cancellation);
        await Store.WriteAsync(tenant, DateOnly.FromDateTime(now.UtcDateTime), [Record("recent", now, 200, 0.001m)], Cancellation);
        var retention = new UsageRetentionService(
            Store, Options.Create(new UsageLedgerOptions()), TimeProvider.System, NullLogger<UsageRetentionService>.Instance);

        await retention.CleanUpAsync(Cancellation);

        var reader = new UsageReader(Store);
        Assert.Empty(await reader.ReadHourlyTotalsAsync(tenant, oldAt.AddHours(-1), oldAt.AddHours(1), Cancellation));
        Assert.Equal(1, Assert.Single(await reader.ReadHourlyTotalsAsync(tenant, now.AddHours(-1), now, Cancellation)).Totals.Requests);
        Assert.Equal(rowsOverAChunk, (await reader.ReadTotalsAsync(tenant, oldDay, oldDay, Cancellation)).Sum(r => r.Totals.Requests));
    }

    [Fact]
    public async Task RequestLog_FiltersByProviderKey()
    {
        var ledger = fixture.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(NewTenantId(), Day));
        await ledger.RecordAsync(
        [
            Record("a", At(9, 0), 200, 0m) with { ProviderKeyId = "pk1" },
            Record("b", At(9, 1), 200, 0m) with { ProviderKeyId = "pk2" },
            Record("c", At(9, 2), 502, 0m) with { ProviderKeyId = "pk2" },
        ]);

        var pk2 = await ledger.QueryRequestsAsync(new RequestLogQuery(10, ProviderKeyId: "pk2"));
        var pk2Failed = await ledger.QueryRequestsAsync(new RequestLogQuery(10, Status: 502, ProviderKeyId: "pk2"));
        var pk2OfOtherKey = await ledger.QueryRequestsAsync(new RequestLogQuery(10, KeyId: "nobody", ProviderKeyId: "pk2"));

        Assert.Equal(["c", "b"], pk2.Select(r => r.RequestId));
        Assert.Equal("c", Assert.Single(pk2Failed).RequestId);
        Assert.Empty(pk2OfOtherKey);
    }

    private static DateTimeOffset At(int hour, int minute) => new(Day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    private static string NewTenantId() => "errs" + Guid.NewGuid().ToString("N");

    private static UsageRecord Record(string id, DateTimeOffset at, int status, decimal cost) =>
        new(id, "tenant", "key", "gpt-4o", "pk", at, status, 3, 0, 2, 0, false, cost, 12);
}
