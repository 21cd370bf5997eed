namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>A tenant's routing: its strategy, per-model overrides, and fallback chains across models.</summary>
/// <param name="Strategy">The default strategy.</param>
/// <param name="PerModel">Strategy by model (after alias resolution).</param>
/// <param name="Fallbacks">Models to try, in order, when a model has no healthy candidate left.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.RoutingSettings")]
public sealed record RoutingSettings(
    [property: Id(0)] RoutingStrategy Strategy,
    [property: Id(1)] ImmutableDictionary<string, RoutingStrategy> PerModel,
    [property: Id(2)] ImmutableDictionary<string, ImmutableArray<string>> Fallbacks)
{
    /// <summary>Priority-weighted, no overrides, no fallbacks.</summary>
    public static readonly RoutingSettings Default = new(RoutingStrategy.PriorityWeighted,
        ImmutableDictionary<string, RoutingStrategy>.Empty, ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary>The strategy for <paramref name="model"/>.</summary>
    public RoutingStrategy For(string model) => PerModel.TryGetValue(model, out var strategy) ? strategy : Strategy;
}
