using Microsoft.AspNetCore.Http;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// An upstream chooses the <c>model</c> its answers name, and that name becomes the metrics' <c>gen_ai.response.model</c>
/// label: an upstream naming a new model in every answer must not grow the Gateway's time series without bound.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HostileUpstreamLabelTests(TelemetryFixture fixture)
{
    [Fact]
    public async Task UpstreamNamingANewModelInEveryAnswer_AddsBoundedResponseModelLabels()
    {
        using var measured = new GatewayMeasurements(fixture.Gateway.Services.GetRequiredService<IMeterFactory>());
        await using var tenant = await fixture.CreateTenantAsync();
        var (upstream, _) = await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["hostile-labels"]);
        var answered = 0;
        upstream.Script = async (context, _, _) =>
        {
            var n = Interlocked.Increment(ref answered);
            var model = n % 2 == 0 ? $"upstream-says-{n}" : $"ctl-\u001b[31m-\n{n}";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$$"""{"id":"c","object":"chat.completion","created":1,"model":{{{System.Text.Json.JsonSerializer.Serialize(model)}}},"choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""",
                context.RequestAborted);
            return true;
        };

        var requests = GenAiMetrics.MaxResponseModels + 40;
        for (var i = 0; i < requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TracedRequests.ChatAsync(fixture, tenant, model: "hostile-labels")).Status);
        }

        var labels = measured.Read()
            .Where(m => m.Tags.GetValueOrDefault("gen_ai.request.model") == "hostile-labels" && m.Tags.ContainsKey("gen_ai.response.model"))
            .Select(m => m.Tags["gen_ai.response.model"]!)
            .ToHashSet();
        Assert.Equal(requests, answered);
        Assert.Contains(BoundedLabelValues.Other, labels);
        Assert.True(labels.Count <= GenAiMetrics.MaxResponseModels + 1, $"{labels.Count} distinct gen_ai.response.model values");
        Assert.DoesNotContain(labels, l => l.Any(char.IsControl));
    }
}
