using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Routing;

namespace XaiRouter.Gateway.Settings;

/// <summary>Reads the <c>routing</c> and <c>fallbacks</c> sections over the current settings, refusing bad fields by name.</summary>
internal static class RoutingSettingsReader
{
    public const int MaxEntries = 256;

    private static readonly Dictionary<string, RoutingStrategy> Strategies = new(StringComparer.Ordinal)
    {
        ["priority-weighted"] = RoutingStrategy.PriorityWeighted,
        ["least-latency"] = RoutingStrategy.LeastLatency,
        ["least-busy"] = RoutingStrategy.LeastBusy,
        ["lowest-cost"] = RoutingStrategy.LowestCost,
    };

    public static (RoutingSettings? Settings, string? Problem) Read(RoutingSettings current, RoutingRequest? routing, Dictionary<string, List<string?>?>? fallbacks)
    {
        var settings = current;
        if (routing is not null)
        {
            var strategy = current.Strategy;
            if (routing.Strategy is not null && !Strategies.TryGetValue(routing.Strategy, out strategy))
            {
                return (null, $"'routing.strategy' must be one of: {string.Join(", ", Strategies.Keys)}.");
            }

            var perModel = current.PerModel;
            if (routing.PerModel is { } requested)
            {
                var builder = ImmutableDictionary.CreateBuilder<string, RoutingStrategy>(StringComparer.Ordinal);
                foreach (var (model, name) in requested)
                {
                    if (!InputRules.IsModelName(model) || builder.Count >= MaxEntries)
                    {
                        return (null, $"'routing.per_model' must map up to {MaxEntries} model names to strategies.");
                    }

                    if (name is null || !Strategies.TryGetValue(name, out var modelStrategy))
                    {
                        return (null, $"'routing.per_model.{model}' must be one of: {string.Join(", ", Strategies.Keys)}.");
                    }

                    builder[model] = modelStrategy;
                }

                perModel = builder.ToImmutable();
            }

            settings = settings with { Strategy = strategy, PerModel = perModel };
        }

        if (fallbacks is not null)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            foreach (var (model, chain) in fallbacks)
            {
                if (!InputRules.IsModelName(model) || builder.Count >= MaxEntries)
                {
                    return (null, $"'fallbacks' must map up to {MaxEntries} model names to lists of models.");
                }

                if (chain is null || chain.Count is 0 or > AttemptPlanner.MaxFallbacks || chain.Any(m => !InputRules.IsModelName(m) || m == model))
                {
                    return (null, $"'fallbacks.{model}' must list 1 to {AttemptPlanner.MaxFallbacks} other model names.");
                }

                builder[model] = [.. chain.Select(m => m!).Distinct(StringComparer.Ordinal)];
            }

            settings = settings with { Fallbacks = builder.ToImmutable() };
        }

        return (settings, null);
    }
}
