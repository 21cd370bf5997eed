using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// <c>docs/grafana/xai-router.json</c> is a valid dashboard whose every query names a series the Gateway's
/// <c>/metrics</c> serves (after traffic that exercises each of them).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class GrafanaDashboardTests(TelemetryFixture fixture)
{
    [Fact]
    public async Task Dashboard_IsValidJson_AndEveryMetricItQueriesIsOneTheGatewayExports()
    {
        var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "grafana", "xai-router.json"), TestContext.Current.CancellationToken)).RootElement;
        var queried = dashboard.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(Labels().Replace(t.GetProperty("expr").GetString()!, "")).Select(m => m.Value))
            .ToHashSet();
        Assert.Equal("XaiRouter", dashboard.GetProperty("title").GetString());
        Assert.True(queried.Count >= 10, string.Join(", ", queried));

        // The series names the Prometheus exporter gives each instrument of the Gateway's meter (the scrape itself would
        // depend on traffic, and in a test process an OpenTelemetry provider mixes the meters of every Gateway).
        using var measured = new GatewayMeasurements(fixture.Gateway.Services.GetRequiredService<IMeterFactory>());
        var exported = measured.Instruments.SelectMany(PrometheusNames).ToHashSet();
        Assert.Contains("gen_ai_client_operation_duration_seconds_bucket", exported);
        Assert.All(queried, name => Assert.Contains(name, exported));
    }

    /// <summary>Label matchers (<c>{...}</c>) and groupings (<c>by (...)</c>): label names, not series.</summary>
    [GeneratedRegex(@"\{[^}]*\}|by \([^)]*\)")]
    private static partial Regex Labels();

    /// <summary>Names of the router's series in a PromQL expression (without its labels).</summary>
    [GeneratedRegex(@"\b(?:xai|gen_ai)_[a-z_]+\b")]
    private static partial Regex MetricName();

    /// <summary>The Prometheus exporter's names for an instrument: dots to underscores, a unit suffix for a unit of measure (not an annotation in braces), <c>_total</c> for a counter, and a histogram's three series.</summary>
    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_') + instrument.Unit switch { "s" => "_seconds", "By" => "_bytes", _ => "" };
        var type = instrument.GetType().GetGenericTypeDefinition();
        return type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? [name + "_total"]
            : type == typeof(Histogram<>) ? [name + "_bucket", name + "_sum", name + "_count"]
            : [name];
    }
}
