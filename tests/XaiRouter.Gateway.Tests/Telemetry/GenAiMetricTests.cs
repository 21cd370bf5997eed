using OpenTelemetry.Metrics;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// The Gateway's metrics as an in-memory exporter gets them: the GenAI conventions' histograms with their units,
/// advised buckets and attributes, and the router's own counters and gauges; no tenant label by default.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class GenAiMetricTests(TelemetryFixture fixture)
{
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    [Fact]
    public async Task ServedFailedOverAndRefusedRequests_AreCountedWithTheConventionsNamesUnitsBucketsAndAttributes()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, failingId) = await tenant.AddUpstreamAsync(UpstreamFault.Always500, models: ["metrics-model"], priority: 0);
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["metrics-model"], priority: 1);

        Assert.Equal(HttpStatusCode.OK, (await TracedRequests.ChatAsync(fixture, tenant, model: "metrics-model")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await TracedRequests.ChatAsync(fixture, tenant, model: "metrics-no-such-model")).Status);
        var metrics = Latest(fixture.CollectMetrics());

        var duration = metrics["gen_ai.client.operation.duration"];
        Assert.Equal(("s", MetricType.Histogram), (duration.Unit, duration.MetricType));
        var attempts = Points(duration, "gen_ai.request.model", "metrics-model");
        Assert.Equal(2, attempts.Count);
        Assert.Contains(attempts, p => Tag(p, "error.type") == "500");
        Assert.All(attempts, p => Assert.Equal(("chat", "openai"), (Tag(p, "gen_ai.operation.name"), Tag(p, "gen_ai.provider.name"))));
        Assert.Equal(DurationBuckets, Bounds(attempts[0]));

        var tokens = metrics["gen_ai.client.token.usage"];
        Assert.Equal(("{token}", MetricType.Histogram), (tokens.Unit, tokens.MetricType));
        var usage = Points(tokens, "gen_ai.request.model", "metrics-model");
        Assert.Equal(["input", "output"], usage.Select(p => Tag(p, "gen_ai.token.type")).Order());
        Assert.Equal(5, usage.Single(p => Tag(p, "gen_ai.token.type") == "input").GetHistogramSum());
        Assert.Equal(2, usage.Single(p => Tag(p, "gen_ai.token.type") == "output").GetHistogramSum());
        Assert.All(usage, p => Assert.Equal("metrics-model", Tag(p, "gen_ai.response.model")));
        Assert.Equal(TokenBuckets, Bounds(usage[0]));

        var firstToken = metrics["gen_ai.server.time_to_first_token"];
        Assert.Equal("s", firstToken.Unit);
        Assert.Single(Points(firstToken, "gen_ai.request.model", "metrics-model"));

        Assert.Contains(metrics["xai.requests"].Points, p => Tag(p, "http.response.status_code") == "200" && Tag(p, "gen_ai.operation.name") == "chat");
        Assert.Contains(metrics["xai.refusals"].Points, p => Tag(p, "reason") == "model_not_found");
        Assert.Contains(metrics["xai.failovers"].Points, p => Tag(p, "gen_ai.operation.name") == "chat" && p.GetSumLong() >= 1);
        var circuits = metrics["xai.circuit.state"].Points;
        Assert.Contains(circuits, p => Tag(p, "xai.provider_key.id") == healthyId && p.GetGaugeLastValueLong() == 0);
        Assert.Contains(circuits, p => Tag(p, "xai.provider_key.id") == failingId);
        Assert.True(metrics.ContainsKey("xai.usage.queue_depth"));

        // Telemetry:TenantLabels is off: no series names a tenant.
        Assert.DoesNotContain(metrics.Values.SelectMany(m => m.Points), p => Tag(p, "xai.tenant.id") is not null);
    }

    /// <summary>The last snapshot of each metric (cumulative: it holds every point so far).</summary>
    private static Dictionary<string, (string Unit, MetricType MetricType, List<MetricPoint> Points)> Latest(List<MetricSnapshot> snapshots)
    {
        var latest = new Dictionary<string, (string, MetricType, List<MetricPoint>)>();
        foreach (var snapshot in snapshots)
        {
            latest[snapshot.Name] = (snapshot.Unit, snapshot.MetricType, [.. snapshot.MetricPoints]);
        }

        return latest;
    }

    private static List<MetricPoint> Points((string Unit, MetricType MetricType, List<MetricPoint> Points) metric, string tag, string value) =>
        metric.Points.Where(p => Tag(p, tag) == value).ToList();

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static double[] Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (!double.IsPositiveInfinity(bucket.ExplicitBound))
            {
                bounds.Add(bucket.ExplicitBound);
            }
        }

        return [.. bounds];
    }
}
