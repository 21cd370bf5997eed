using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Usage;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Benchmarks;

/// <summary>What settlement costs the request path: price the request and queue its record (sending is off the path).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class SettlementBenchmarks
{
    private readonly PriceTable _prices = new();
    private readonly UsageReporter _reporter = new(null!, TimeProvider.System, NullLogger<UsageReporter>.Instance);
    private readonly TokenUsage _usage = new(1200, 300, 450, 120);

    [Benchmark(Description = "price + queue one usage record")]
    public void Settle()
    {
        var cost = _prices.Find("gpt-4o")!.Cost(_usage.Input, _usage.CachedInput, _usage.Output);
        _reporter.Report(new UsageRecord("req_0123456789012345678901", "tenant", "key", "gpt-4o", "pk", DateTimeOffset.UtcNow, 200,
            _usage.Input, _usage.CachedInput, _usage.Output, _usage.Reasoning, false, cost, 42, 7));
    }
}
