using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting.Tests;
using XaiRouter.Gateway.Limits;
using XaiRouter.Grains;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Limits;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Grain references on per-request and per-batch paths are kept, not looked up again (issue 16, second round): Orleans'
/// <c>GetGrain</c> resolves the interface type by attribute reflection on each call (about 27 us).
/// </summary>
[Collection(RequestCostCollection.Name)]
public sealed class GrainReferenceReuseTests(RequestCostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsageReporter_ThreeBatchesOfOneTenantAndDay_OneLedgerReference()
    {
        var (grains, counts) = CountingGrainFactory.Wrap(fixture.Gateway.Services.GetRequiredService<IGrainFactory>());
        var reporter = new UsageReporter(grains, TimeProvider.System, NullLogger<UsageReporter>.Instance);
        await reporter.StartAsync(Cancellation);
        var tenantId = $"refs-{Guid.NewGuid():N}";
        for (var batch = 0; batch < 3; batch++)
        {
            // A full batch goes at once; waiting for it keeps the three batches apart.
            for (var i = 0; i < UsageReporter.MaxBatch; i++)
            {
                reporter.Report(Record(tenantId, $"req_refs_{batch}_{i}"));
            }

            await WaitUntilAsync(() => reporter.Pending == 0);
        }

        await reporter.StopAsync(Cancellation);
        reporter.Dispose();
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await fixture.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenantId, day)).GetTotalsAsync();
        Assert.Equal(3 * UsageReporter.MaxBatch, rows.Sum(r => r.Requests));
        Assert.Equal(1, counts.CallsFor<IUsageLedgerGrain>());
    }

    [Fact]
    public async Task AdmissionController_HeldRequestsOnOneScope_OneRateLimiterReference()
    {
        var services = fixture.Gateway.Services;
        var (grains, counts) = CountingGrainFactory.Wrap(services.GetRequiredService<IGrainFactory>());
        var admission = new AdmissionController(grains, new LeaseTable(), services.GetRequiredService<RouterClock>(), services.GetRequiredService<AdmissionMetrics>(), services.GetRequiredService<XaiRouter.Gateway.Regions.BudgetLeaseClient>(),
            services.GetRequiredService<IOptions<LimitsOptions>>(), NullLogger<AdmissionController>.Instance);

        // A budget makes every request a hold: an admit and a settle call on the scope's grain each.
        var scope = new LimitScope(GrainKeys.RateLimiter($"refs-{Guid.NewGuid():N}", LimitScopes.Key("key")), null, new BudgetPolicy(CreditUsd: 10m));
        for (var i = 0; i < 5; i++)
        {
            var demand = new LimitDemand($"req_hold_{i}", 10, 0.01m);
            var admitted = await admission.AdmitAsync(scope, demand);
            Assert.True(admitted.Admitted);
            await admission.SettleAsync(admitted, demand, 10, 0.01m, undo: false);
        }

        Assert.Equal(1, counts.CallsFor<IRateLimiterGrain>());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Cancellation);
        }

        Assert.True(condition(), "the condition did not hold within 20 s");
    }

    private static UsageRecord Record(string tenantId, string requestId) => new(requestId, tenantId, "key", "gpt-4o", "provider-key", DateTimeOffset.UtcNow, 200, 5, 0, 2, 0,
        Estimated: false, 0m, 1, Error: null);
}
