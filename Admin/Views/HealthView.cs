using XaiRouter.Grains.Abstractions.Health;

namespace XaiRouter.Admin.Views;

/// <summary>A provider key's circuit as the cluster's health grain merged it (and its models' own circuits that are not closed).</summary>
internal sealed record HealthView(
    CircuitState State,
    double ErrorRate,
    double? LatencyMs,
    DateTimeOffset? CooldownUntil,
    int ConsecutiveFailures,
    ImmutableSortedDictionary<string, HealthView>? Models)
{
    public static HealthView From(ProviderHealth health) => new(health.State, health.ErrorRate, health.LatencyMs, health.CooldownUntil,
        health.ConsecutiveFailures, health.Models?.ToImmutableSortedDictionary(static m => m.Key, static m => From(m.Value), StringComparer.Ordinal));
}
