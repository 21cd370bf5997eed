using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions.Limits;
using XaiRouter.Grains.Limits;

namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>The limiter grain on the two-silo cluster, driven by the shared test clock.</summary>
[Collection(TwoGatewayCollection.Name)]
public sealed class RateLimiterGrainTests(TwoGatewayFixture cluster)
{
    private IRateLimiterGrain NewScope() => cluster.First.Services.GetRequiredService<IGrainFactory>()
        .GetGrain<IRateLimiterGrain>(Grains.Abstractions.GrainKeys.RateLimiter("grain-test", "k:" + Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task ConcurrencySlot_OfADeadGateway_ExpiresAfterTheHoldTimeout()
    {
        var scope = NewScope();
        var limits = new RateLimits(Concurrency: 1);

        var first = await scope.AdmitAsync(Ask(limits, "request-1"));
        var second = await scope.AdmitAsync(Ask(limits, "request-2"));
        cluster.Clock.Advance(RateLimiterGrain.HoldTimeout);
        var third = await scope.AdmitAsync(Ask(limits, "request-3"));

        Assert.True(first.Admitted);
        Assert.Equal(LimitRefusal.Concurrency, second.Refusal);
        Assert.True(third.Admitted);
    }

    [Fact]
    public async Task Settle_FreesTheSlotAndChargesTheCost_UnknownIdsAreIgnored()
    {
        var scope = NewScope();
        var limits = new RateLimits(Concurrency: 1);
        var budget = new BudgetPolicy(CreditUsd: 1m);

        Assert.True((await scope.AdmitAsync(Ask(limits, "request-1", budget, 0.5m))).Admitted);
        Assert.Equal(0.5m, (await scope.GetBudgetAsync(budget)).ReservedUsd);
        await scope.SettleAsync(new AdmissionSettlement("request-1", 0.25m, budget));
        await scope.SettleAsync(new AdmissionSettlement("request-1", 0.25m, budget));
        await scope.SettleAsync(new AdmissionSettlement("unknown", 5m, budget));

        var status = await scope.GetBudgetAsync(budget);
        Assert.Equal(0.25m, status.CreditSpentUsd);
        Assert.Equal(0.75m, status.CreditLeftUsd);
        Assert.Equal(0m, status.ReservedUsd);
        Assert.True((await scope.AdmitAsync(Ask(limits, "request-2", budget, 0.75m))).Admitted);
        Assert.Equal(LimitRefusal.Concurrency, (await scope.AdmitAsync(Ask(limits, "request-3", budget, 0m))).Refusal);
    }

    [Fact]
    public async Task ReturnedLease_IsAvailableAgain()
    {
        var scope = NewScope();
        var limits = new RateLimits(Rpm: 10);

        var lease = await scope.AdmitAsync(new AdmissionAsk(limits, 1, 9, 0, 0, 0, 0, null, false, null, 0m));
        var refused = await scope.AdmitAsync(new AdmissionAsk(limits, 1, 0, 0, 0, 0, 0, null, false, null, 0m));
        await scope.ReturnAsync(limits, 4, 0);
        var again = await scope.AdmitAsync(new AdmissionAsk(limits, 1, 9, 0, 0, 0, 0, null, false, null, 0m));

        Assert.Equal(10, lease.Requests);
        Assert.Equal(LimitRefusal.Requests, refused.Refusal);
        Assert.Equal(TimeSpan.FromSeconds(6), refused.RetryAfter);
        Assert.Equal(4, again.Requests);
    }

    private static AdmissionAsk Ask(RateLimits limits, string id, BudgetPolicy? budget = null, decimal reserve = 0m) =>
        new(limits, 0, 0, 0, 0, 0, 0, id, true, budget, reserve);
}
