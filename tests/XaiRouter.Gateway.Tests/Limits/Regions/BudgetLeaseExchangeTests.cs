using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Gateway.Limits.Regions.Tests;

/// <summary>
/// Region b's admission stage for keys of tenants homed elsewhere: the lease exchange over HTTP with region a's
/// Gateway, a cut link (b spends at most its lease, then refuses) and its healing (the next ask reconciles).
/// </summary>
[Collection(RegionPairCollection.Name)]
public sealed class BudgetLeaseExchangeTests(RegionPairFixture regions)
{
    private static readonly BudgetPolicy Credit100 = new(CreditUsd: 100m);

    [Fact]
    public async Task LinkCut_AwayRegionSpendsAtMostItsLease_ThenRefuses_AndTheNextAskAfterHealingReconciles()
    {
        var (scope, home) = Scope(TenantHomes.In("a"), Credit100);

        var first = await RequestAsync(scope);
        regions.Cut();
        var admittedCut = 0;
        RequestAdmission? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            var request = await RequestAsync(scope);
            (admittedCut, refused) = request.Refused is null ? (admittedCut + 1, null) : (admittedCut, request);
        }

        var homeDuringCut = await home.GetBudgetAsync(Credit100);
        regions.Heal();
        var healed = await RequestAsync(scope);
        var homeAfter = await home.GetBudgetAsync(Credit100);

        // The first ask was granted a quarter of the credit (25): one request before the cut, 24 during it.
        Assert.Null(first.Refused);
        Assert.Equal(24, admittedCut);
        Assert.Equal(LimitRefusal.Budget, refused!.Refused!.Refusal);
        Assert.Equal(0m, homeDuringCut.CreditSpentUsd);
        Assert.Equal(75m, homeDuringCut.CreditLeftUsd);
        Assert.Null(healed.Refused);
        Assert.Equal(25m, homeAfter.CreditSpentUsd);
        Assert.Equal(100m - 25m - 18.75m, homeAfter.CreditLeftUsd);
    }

    [Fact]
    public async Task HomeUnreachable_RefusesBudgetedRequests_NotUnbudgetedOnes()
    {
        var tenant = TenantHomes.In("c");
        var (budgeted, _) = Scope(tenant, Credit100);
        var unbudgeted = new LimitScope(GrainKeys.RateLimiter(tenant, "k:" + Guid.NewGuid().ToString("N")), new RateLimits(Rpm: 1000), null);

        var refused = await RequestAsync(budgeted);
        var admitted = await RequestAsync(unbudgeted);

        Assert.Equal(LimitRefusal.Budget, refused.Refused!.Refusal);
        Assert.Null(admitted.Refused);
    }

    [Fact]
    public async Task ConcurrentTrafficInBothRegions_NeverSpendsMoreThanTheCredit()
    {
        var tenant = TenantHomes.In("a");
        var (scope, home) = Scope(tenant, new BudgetPolicy(CreditUsd: 50m));
        var away = RegionPairFixture.Limiter(regions.Away, tenant, scope.GrainKey[(scope.GrainKey.LastIndexOf(':') + 1)..]);

        var requests = Enumerable.Range(0, 40).SelectMany(_ => new[] { RequestAsync(scope, regions.Home), RequestAsync(scope, regions.Away) });
        var done = await Task.WhenAll(requests);
        var spentHome = (await home.GetSnapshotAsync()).CreditSpentUsd;
        var spentAway = (await away.GetSnapshotAsync()).CreditSpentUsd;

        // Each request reserves and costs 1: at most 50 of the 80 admitted across both regions, whatever the
        // interleaving. The home's 40 can never take all of it, so b always gets a lease. (A lease b holds but cannot
        // use before its requests are over stays counted by the home: fewer than 50 may be admitted.)
        var admitted = done.Count(request => request.Refused is null);
        Assert.InRange(admitted, 2, 50);
        Assert.Equal(admitted, spentHome + spentAway);
        Assert.True(spentAway > 0m, "region b was granted a lease");
        Assert.True(spentHome > 0m, "the home admitted its own");
    }

    private (LimitScope Scope, IRateLimiterGrain Home) Scope(string tenantId, BudgetPolicy budget)
    {
        var keyId = Guid.NewGuid().ToString("N");
        regions.KeyBudgets.Declare(tenantId, keyId, budget);
        return (new LimitScope(GrainKeys.RateLimiter(tenantId, "k:" + keyId), null, budget), RegionPairFixture.Limiter(regions.Home, tenantId, keyId));
    }

    /// <summary>One request in <paramref name="region"/> (default b) reserving 1 USD and costing 1 USD when admitted.</summary>
    private async Task<RequestAdmission> RequestAsync(LimitScope scope, GatewayFactory? region = null)
    {
        var admission = new RequestAdmission((region ?? regions.Away).Services.GetRequiredService<AdmissionController>(), new LimitDemand("req_" + Guid.NewGuid().ToString("N"), 0, 1m));
        if (await admission.AdmitAllAsync([scope]))
        {
            await admission.SettleAsync(0, 1m);
        }

        return admission;
    }
}
