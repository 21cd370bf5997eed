using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// The Gateway's metrics: the GenAI conventions' histograms with their units, advised buckets and attributes, and the
/// router's own counters and gauges; no tenant label by default.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class GenAiMetricTests(TelemetryFixture fixture)
{
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    [Fact]
    public async Task ServedFailedOverAndRefusedRequests_AreMeasuredWithTheConventionsNamesUnitsBucketsAndAttributes()
    {
        using var measured = new GatewayMeasurements(fixture.Gateway.Services.GetRequiredService<IMeterFactory>());
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, failingId) = await tenant.AddUpstreamAsync(UpstreamFault.Always500, models: ["metrics-model"], priority: 0);
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["metrics-model"], priority: 1);

        Assert.Equal(HttpStatusCode.OK, (await TracedRequests.ChatAsync(fixture, tenant, model: "metrics-model")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await TracedRequests.ChatAsync(fixture, tenant, model: "metrics-no-such-model")).Status);
        var all = measured.Read();
        List<(Instrument Instrument, double Value, Dictionary<string, string?> Tags)> Of(string name) => [.. all.Where(m => m.Instrument.Name == name)];

        var attempts = Of("gen_ai.client.operation.duration").Where(m => m.Tags["gen_ai.request.model"] == "metrics-model").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("s", attempts[0].Instrument.Unit);
        Assert.Equal(DurationBuckets, ((Histogram<double>)attempts[0].Instrument).Advice!.HistogramBucketBoundaries);
        Assert.Equal("500", attempts[0].Tags["error.type"]);
        Assert.False(attempts[1].Tags.ContainsKey("error.type"));
        Assert.All(attempts, m => Assert.Equal(("chat", "openai"), (m.Tags["gen_ai.operation.name"], m.Tags["gen_ai.provider.name"])));

        var tokens = Of("gen_ai.client.token.usage").Where(m => m.Tags["gen_ai.request.model"] == "metrics-model").ToList();
        Assert.Equal("{token}", tokens[0].Instrument.Unit);
        Assert.Equal(TokenBuckets, ((Histogram<long>)tokens[0].Instrument).Advice!.HistogramBucketBoundaries);
        Assert.Equal([("input", 5d), ("output", 2d)], tokens.Select(m => (m.Tags["gen_ai.token.type"], m.Value)).Order());
        Assert.All(tokens, m => Assert.Equal("metrics-model", m.Tags["gen_ai.response.model"]));

        var firstToken = Assert.Single(Of("gen_ai.server.time_to_first_token"), m => m.Tags["gen_ai.request.model"] == "metrics-model");
        Assert.Equal("s", firstToken.Instrument.Unit);

        Assert.Contains(Of("xai.requests"), m => m.Tags["http.response.status_code"] == "200" && m.Tags["gen_ai.operation.name"] == "chat");
        Assert.Contains(Of("xai.refusals"), m => m.Tags["reason"] == "model_not_found");
        Assert.Single(Of("xai.failovers"), m => m.Tags["gen_ai.operation.name"] == "chat");
        var circuits = Of("xai.circuit.state");
        Assert.Contains(circuits, m => m.Tags["xai.provider_key.id"] == healthyId && m.Value == 0);
        Assert.Contains(circuits, m => m.Tags["xai.provider_key.id"] == failingId);
        Assert.NotEmpty(Of("xai.usage.queue_depth"));

        // Telemetry:TenantLabels is off: no measurement names a tenant.
        Assert.DoesNotContain(all, m => m.Tags.ContainsKey("xai.tenant.id"));
    }
}
