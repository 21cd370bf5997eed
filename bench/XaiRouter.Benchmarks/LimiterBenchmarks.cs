using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Limits;
using XaiRouter.Grains;
using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Benchmarks;

/// <summary>
/// The admit stage at steady state: a request admitted from this gateway's lease, without a grain call (the lease
/// is filled once, large enough never to run out during the run).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LimiterBenchmarks
{
    private readonly AdmissionController _controller;
    private readonly LimitScope _scope = new("rl:tenant:k:bench", new RateLimits(Rpm: 1_000_000), null);
    private readonly LimitDemand _demand = new("req_bench", 0, 0m);

    public LimiterBenchmarks()
    {
        var leases = new LeaseTable();
        var clock = new RouterClock(TimeProvider.System);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _controller = new AdmissionController(null!, leases, clock, new AdmissionMetrics(meters), null!, Options.Create(new LimitsOptions()), NullLogger<AdmissionController>.Instance);
        leases.Get(_scope.GrainKey).Renew(long.MaxValue / 4, 0, _scope.Limits, new WindowSnapshot(1_000_000, 1_000_000, TimeSpan.Zero), null,
            clock.UtcNow, DateTimeOffset.MaxValue);
    }

    [Benchmark(Description = "admit from a lease (no grain call)")]
    public async Task<bool> AdmitFromLease() => (await _controller.AdmitAsync(_scope, _demand)).Admitted;
}
