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

        // Traffic for every series: a failover, a refusal, and a settlement in the ledger.
        using var settled = new SettlementListener(fixture.Gateway.Services.GetRequiredService<IMeterFactory>());
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.Always500, models: ["grafana-model"], priority: 0);
        await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["grafana-model"], priority: 1);
        Assert.Equal(HttpStatusCode.OK, (await TracedRequests.ChatAsync(fixture, tenant, model: "grafana-model")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await TracedRequests.ChatAsync(fixture, tenant, model: "grafana-no-such-model")).Status);
        await settled.Recorded.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        using var client = fixture.Gateway.CreateClient();
        var exposition = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var exported = exposition.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet();
        Assert.All(queried, name => Assert.Contains(name, exported));
    }

    /// <summary>Label matchers (<c>{...}</c>) and groupings (<c>by (...)</c>): label names, not series.</summary>
    [GeneratedRegex(@"\{[^}]*\}|by \([^)]*\)")]
    private static partial Regex Labels();

    /// <summary>Names of the router's series in a PromQL expression (without its labels).</summary>
    [GeneratedRegex(@"\b(?:xai|gen_ai)_[a-z_]+\b")]
    private static partial Regex MetricName();

    /// <summary>Completes when this Gateway's usage reporter records a settlement lag (its meter's scope is the Gateway's factory).</summary>
    private sealed class SettlementListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SettlementListener(IMeterFactory gatewayMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "xai.usage.settlement_lag" && ReferenceEquals(instrument.Meter.Scope, gatewayMeters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => _recorded.TrySetResult());
            _listener.Start();
        }

        public Task Recorded => _recorded.Task;

        public void Dispose() => _listener.Dispose();
    }
}
