using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Gateway.Limits.Regions.Tests;

/// <summary>
/// The lease accounting of the limiter grains, called directly: region b's grain for a key of a tenant homed in a,
/// region a's grain for the same scope. The exchange between them (HTTP) is <see cref="BudgetLeaseExchangeTests"/>'.
/// </summary>
[Collection(RegionPairCollection.Name)]
public sealed class BudgetLeaseGrainTests(RegionPairFixture regions)
{
    [Fact]
    public async Task AwayRegion_WithoutALease_RefusesAndAsks_ThenAdmitsExactlyItsGrant()
    {
        var (home, away) = Scope(TenantHomes.In("a"));
        var budget = new BudgetPolicy(CreditUsd: 10m);

        var first = await away.AdmitAsync(Ask("r0", budget, 1m));
        var grant = await home.GrantBudgetLeaseAsync(first.LeaseWanted!);
        await away.ApplyBudgetLeaseAsync(grant);
        var admitted = await SpendAsync(away, budget, 1m, 1m, count: 6);

        Assert.Equal(LimitRefusal.Budget, first.Refusal);
        Assert.Equal("a", first.LeaseWanted!.HomeRegion);
        Assert.Equal("b", first.LeaseWanted.Region);
        Assert.Equal(0m, first.LeaseWanted.CreditSpentUsd);

        // Lease size: max(the ask, min(4 x the ask, half of what is left), a quarter of what is left), at most what is left.
        Assert.Equal(4m, grant.GrantedUsd);
        Assert.Equal(4m, grant.CreditCeilingUsd);
        Assert.Null(grant.MonthCeilingUsd);
        Assert.Equal(4, admitted);

        // The home counts the lease as spent until it hears otherwise.
        Assert.Equal(6m, (await home.GetBudgetAsync(budget)).CreditLeftUsd);
    }

    [Fact]
    public async Task Home_CountsTheLeaseOut_InItsOwnAdmissions()
    {
        var (home, away) = Scope(TenantHomes.In("a"));
        var budget = new BudgetPolicy(CreditUsd: 10m);

        var grant = await home.GrantBudgetLeaseAsync(new BudgetLeaseAsk(home.GetPrimaryKeyString(), "b", "a", Month(), 0m, 0m, 2m, budget));
        await away.ApplyBudgetLeaseAsync(grant);
        var own = await home.AdmitAsync(Ask("home-1", budget, 5m));
        var more = await home.AdmitAsync(Ask("home-2", budget, 0.01m));

        // min(4 x 2, half of the 10 left): a large ask never takes more than half of what is left.
        Assert.Equal(5m, grant.CreditCeilingUsd);
        Assert.True(own.Admitted);
        Assert.Null(own.LeaseWanted);
        Assert.Equal(LimitRefusal.Budget, more.Refusal);
    }

    [Fact]
    public async Task Reports_AreCumulative_ARepeatedOrLateOneNeverCountsTwice()
    {
        var (home, _) = Scope(TenantHomes.In("a"));
        var budget = new BudgetPolicy(CreditUsd: 100m, MonthlyUsd: 50m);
        var key = home.GetPrimaryKeyString();

        var first = await home.GrantBudgetLeaseAsync(new BudgetLeaseAsk(key, "b", "a", Month(), 3m, 3m, 1m, budget));
        var repeated = await home.GrantBudgetLeaseAsync(new BudgetLeaseAsk(key, "b", "a", Month(), 3m, 3m, 1m, budget));
        var late = await home.GrantBudgetLeaseAsync(new BudgetLeaseAsk(key, "b", "a", Month(), 1m, 1m, 1m, budget));
        var status = await home.GetBudgetAsync(budget);

        Assert.Equal(first, repeated);
        Assert.Equal(first.CreditCeilingUsd, late.CreditCeilingUsd);
        Assert.Equal(first.MonthCeilingUsd, late.MonthCeilingUsd);
        Assert.Equal(3m, status.CreditSpentUsd);
        Assert.Equal(3m, status.MonthSpentUsd);

        // Lease: a quarter of the tighter of what is left (50 - 3 this month): 11.75 over the 3 reported.
        Assert.Equal(11.75m, first.GrantedUsd);
        Assert.Equal(14.75m, first.MonthCeilingUsd);
        Assert.Equal(14.75m, first.CreditCeilingUsd);
    }

    [Fact]
    public async Task AwayRegion_AtMonthEnd_NeedsANewMonthsLease()
    {
        var (home, away) = Scope(TenantHomes.In("a"));
        var budget = new BudgetPolicy(MonthlyUsd: 10m);

        var grant = await home.GrantBudgetLeaseAsync((await away.AdmitAsync(Ask("r0", budget, 1m))).LeaseWanted!);
        await away.ApplyBudgetLeaseAsync(grant);
        var inMonth = await SpendAsync(away, budget, 1m, 1m, count: 5);
        regions.Clock.Advance(TimeSpan.FromDays(31));
        var nextMonth = await away.AdmitAsync(Ask("r-next", budget, 1m));
        await away.ApplyBudgetLeaseAsync(grant); // late: the old month's grant is of no use now
        var stillRefused = await away.AdmitAsync(Ask("r-still", budget, 1m));
        var newGrant = await home.GrantBudgetLeaseAsync(nextMonth.LeaseWanted!);
        await away.ApplyBudgetLeaseAsync(newGrant);
        var admitted = await away.AdmitAsync(Ask("r-new", budget, 1m));

        Assert.Equal(4m, grant.MonthCeilingUsd);
        Assert.Equal(4, inMonth);
        Assert.Equal(LimitRefusal.Budget, nextMonth.Refusal);
        Assert.NotEqual(grant.Month, nextMonth.LeaseWanted!.Month);
        Assert.Equal(0m, nextMonth.LeaseWanted.MonthSpentUsd);
        Assert.Equal(LimitRefusal.Budget, stillRefused.Refusal);
        Assert.Equal(nextMonth.LeaseWanted.Month, newGrant.Month);
        Assert.Equal(4m, newGrant.MonthCeilingUsd);
        Assert.True(admitted.Admitted);
    }

    [Fact]
    public async Task TenantHomedHere_OrABudgetThatOnlyWarns_NeedsNoLease()
    {
        var (_, local) = Scope("local-" + Guid.NewGuid().ToString("N"));
        var (_, away) = Scope(TenantHomes.In("a"));

        var here = await local.AdmitAsync(Ask("r0", new BudgetPolicy(CreditUsd: 1m), 1m));
        var soft = await away.AdmitAsync(Ask("r1", new BudgetPolicy(MonthlyUsd: 1m, MonthlyMode: BudgetMode.Soft), 5m));

        Assert.True(here.Admitted);
        Assert.Null(here.LeaseWanted);
        Assert.True(soft.Admitted);
        Assert.True(soft.BudgetWarning);
        Assert.Null(soft.LeaseWanted);
    }

    [Fact]
    public async Task AwayRegion_RunningLow_AsksForARenewalWhileStillAdmitting()
    {
        var (home, away) = Scope(TenantHomes.In("a"));
        var budget = new BudgetPolicy(CreditUsd: 100m);

        await away.ApplyBudgetLeaseAsync(await home.GrantBudgetLeaseAsync((await away.AdmitAsync(Ask("r0", budget, 1m))).LeaseWanted!));
        var asks = new List<AdmissionGrant>();
        for (var i = 0; i < 14; i++)
        {
            var grant = await away.AdmitAsync(Ask($"r{i + 1}", budget, 1m));
            await away.SettleAsync(new AdmissionSettlement($"r{i + 1}", 1m, budget));
            asks.Add(grant);
        }

        // Granted 25 (a quarter of 100): the 13th request leaves less than half of it, and asks (once per interval).
        Assert.All(asks, grant => Assert.True(grant.Admitted));
        Assert.Equal([13], asks.Select((grant, i) => (grant, i)).Where(g => g.grant.LeaseWanted is not null).Select(g => g.i + 1));
        Assert.Equal(12m, asks[12].LeaseWanted!.CreditSpentUsd);
    }

    private (IRateLimiterGrain Home, IRateLimiterGrain Away) Scope(string tenantId)
    {
        var keyId = Guid.NewGuid().ToString("N");
        return (RegionPairFixture.Limiter(regions.Home, tenantId, keyId), RegionPairFixture.Limiter(regions.Away, tenantId, keyId));
    }

    private string Month() => regions.Clock.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <returns>How many of <paramref name="count"/> requests reserving <paramref name="reserve"/> and costing <paramref name="cost"/> were admitted.</returns>
    private static async Task<int> SpendAsync(IRateLimiterGrain scope, BudgetPolicy budget, decimal reserve, decimal cost, int count)
    {
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            var id = "spend-" + Guid.NewGuid().ToString("N");
            if ((await scope.AdmitAsync(Ask(id, budget, reserve))).Admitted)
            {
                admitted++;
                await scope.SettleAsync(new AdmissionSettlement(id, cost, budget));
            }
        }

        return admitted;
    }

    private static AdmissionAsk Ask(string id, BudgetPolicy budget, decimal reserve) => new(null, 0, 0, 0, 0, 0, 0, id, false, budget, reserve);
}
