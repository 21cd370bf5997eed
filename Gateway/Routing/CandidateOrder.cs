using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// Orders a model's healthy candidates by the tenant's strategy; the first is tried first, the rest are the
/// failover order.
/// </summary>
internal sealed class CandidateOrder(HealthBoard board, PriceTable prices)
{
    public List<ProviderKeyRecord> Order(List<ProviderKeyRecord> candidates, RoutingStrategy strategy, string model, TenantVault vault)
    {
        if (candidates.Count < 2)
        {
            return candidates;
        }

        return strategy switch
        {
            RoutingStrategy.LeastLatency => LeastLatency(candidates),
            RoutingStrategy.LeastBusy => [.. Shuffled(candidates).OrderBy(board.InFlight)],
            RoutingStrategy.LowestCost => [.. PriorityWeighted(candidates).OrderBy(c => Price(c, model, vault))],
            _ => PriorityWeighted(candidates),
        };
    }

    /// <summary>Priority tiers in order (lower first); inside a tier a weighted random order (Efraimidis-Spirakis).</summary>
    private static List<ProviderKeyRecord> PriorityWeighted(List<ProviderKeyRecord> candidates) =>
        [.. candidates.Select(c => (Candidate: c, Rank: Math.Pow(Random.Shared.NextDouble(), 1.0 / Math.Max(1, c.Weight))))
            .OrderBy(c => c.Candidate.Priority).ThenByDescending(c => c.Rank).Select(c => c.Candidate)];

    /// <summary>
    /// Power of two choices: of two random candidates the faster by EWMA time to first byte goes first (a key never
    /// measured counts as fastest, so it gets measured); the rest follow by latency.
    /// </summary>
    private List<ProviderKeyRecord> LeastLatency(List<ProviderKeyRecord> candidates)
    {
        var first = Random.Shared.Next(candidates.Count);
        var second = (first + 1 + Random.Shared.Next(candidates.Count - 1)) % candidates.Count;
        var winner = Latency(candidates[first]) <= Latency(candidates[second]) ? candidates[first] : candidates[second];
        return [winner, .. candidates.Where(c => !ReferenceEquals(c, winner)).OrderBy(Latency)];
    }

    private double Latency(ProviderKeyRecord candidate) => board.LatencyMs(candidate) ?? 0;

    /// <summary>A million input and output tokens at this key: a price for its provider (<c>openai/gpt-4o</c>) over the model's.</summary>
    private decimal Price(ProviderKeyRecord candidate, string model, TenantVault vault) =>
        (prices.Find($"{ProviderKeys.ProviderNames.ToName(candidate.Provider)}/{model}", vault.Prices) ?? prices.Find(model, vault.Prices))
            ?.Cost(1_000_000, 0, 1_000_000) ?? decimal.MaxValue;

    private static IEnumerable<ProviderKeyRecord> Shuffled(List<ProviderKeyRecord> candidates) =>
        candidates.OrderBy(_ => Random.Shared.Next());
}
