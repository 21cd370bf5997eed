using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using XaiRouter.Gateway.Routing;
using XaiRouter.Gateway.Usage;
using XaiRouter.Grains;
using XaiRouter.Grains.Abstractions.ProviderKeys;
using XaiRouter.Grains.Abstractions.Tenants;
using XaiRouter.Grains.Abstractions.Vault;

namespace XaiRouter.Benchmarks;

/// <summary>
/// The routing decision once the tenant's provider keys are cached: drop unhealthy candidates and order the rest
/// by the strategy. No grain call is involved at steady state.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RoutingBenchmarks
{
    private readonly HealthBoard _board = new(new RouterClock(TimeProvider.System));
    private readonly List<ProviderKeyRecord> _keys;
    private readonly CandidateOrder _order;
    private readonly TenantVault _vault = new("tenant", TenantStatus.Active, "root", null, ImmutableDictionary<string, int>.Empty, [],
        ImmutableDictionary<string, string>.Empty, [], ImmutableDictionary<string, Grains.Abstractions.Usage.ModelPriceRecord>.Empty);

    public RoutingBenchmarks()
    {
        _order = new CandidateOrder(_board, new PriceTable());
        _keys = [.. Enumerable.Range(0, 3).Select(i => new ProviderKeyRecord("tenant", "key" + i, "upstream", ProviderKind.OpenAI, "https://api.openai.com/v1",
            ["gpt-4o"], "default", 1, 1 + i, i == 0 ? 0 : 1, new SealedSecret([], []), "abcd", DateTimeOffset.UtcNow))];
    }

    [Params(RoutingStrategy.PriorityWeighted, RoutingStrategy.LeastLatency)]
    public RoutingStrategy Strategy { get; set; }

    [Benchmark(Description = "route: 3 candidates, health filter + strategy order")]
    public ProviderKeyRecord Route()
    {
        var healthy = new List<ProviderKeyRecord>(_keys.Count);
        foreach (var key in _keys)
        {
            if (_board.IsAvailable(key))
            {
                healthy.Add(key);
            }
        }

        return _order.Order(healthy, Strategy, "gpt-4o", _vault)[0];
    }
}
