using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Grains.Tests.Usage;

public sealed class UsageLedgerGrainTests(GrainClusterFixture fixture) : ClusterTestBase(fixture)
{
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
        var totals = (await sut.GetTotalsAsync()).Single();
        var all = await sut.QueryRequestsAsync(new RequestLogQuery(10));
        var forbidden = await sut.QueryRequestsAsync(new RequestLogQuery(10, Status: 403));
        var mini = await sut.QueryRequestsAsync(new RequestLogQuery(10, Model: "gpt-4o-mini", KeyId: "key"));
        var invisible = await sut.QueryRequestsAsync(new RequestLogQuery(10, Status: 403, VisibleKeyIds: ["key"]));
        var none = await sut.QueryRequestsAsync(new RequestLogQuery(10, Status: 500));

        Assert.Equal(3, added);
        Assert.Equal(0, again);
        Assert.Equal(1, totals.Requests);
        Assert.Equal(["x2", "x1", "a"], all.Select(r => r.RequestId));
        Assert.Equal("permission_denied", Assert.Single(forbidden).Error);
        Assert.Equal("x2", Assert.Single(mini).RequestId);
        Assert.Empty(invisible);
        Assert.Empty(none);
    }

    private IUsageLedgerGrain Ledger() => Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(NewTenantId(), new DateOnly(2026, 11, 27)));

    private static UsageRecord Record(string id, long input, long output, decimal cost) =>
        new(id, "tenant", "key", "gpt-4o", "pk", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), 200, input, 0, output, 0, false, cost, 12);
}
