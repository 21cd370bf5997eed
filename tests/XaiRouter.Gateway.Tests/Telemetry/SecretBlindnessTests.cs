using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Text;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// Markers planted in the access key, the provider keys, the prompts and the answers appear in no span, no metric
/// and no request log line, while the answers themselves did reach the client (the markers were on the path).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SecretBlindnessTests(TelemetryFixture fixture)
{
    [Fact]
    public async Task InMemoryExport_OfStreamedPlainAndFailedOverRequests_HoldsNoMarker()
    {
        using var measured = new GatewayMeasurements(fixture.Gateway.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        await using var traffic = await MarkedTraffic.StartAsync(await TenantSession.CreateAsync(fixture.Gateway, "blind"));
        var traces = new List<ActivityTraceId>();
        foreach (var stream in new[] { false, true })
        {
            using var request = traffic.Chat(stream);
            var (traceParent, traceId) = fixture.NewTrace();
            request.Headers.Add("traceparent", traceParent);
            using var response = await traffic.Session.Client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Contains(traffic.AnswerMarker, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal("2", response.Headers.GetValues("x-xai-attempts").Single());
            traces.Add(traceId);
        }

        var exported = new StringBuilder();
        foreach (var traceId in traces)
        {
            foreach (var span in await fixture.TraceAsync(traceId))
            {
                exported.AppendLine(span.DisplayName).AppendLine(span.StatusDescription);
                foreach (var (name, value) in span.TagObjects)
                {
                    exported.Append(name).Append('=').AppendLine(value is string[] values ? string.Join(',', values) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                foreach (var spanEvent in span.Events)
                {
                    exported.AppendLine(spanEvent.Name);
                    foreach (var (name, value) in spanEvent.Tags)
                    {
                        exported.Append(name).Append('=').AppendLine(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
        }

        Assert.Contains("gen_ai.usage.output_tokens=6", exported.ToString(), StringComparison.Ordinal);
        foreach (var (instrument, _, tags) in measured.Read())
        {
            exported.AppendLine(instrument.Name);
            foreach (var (name, value) in tags)
            {
                exported.Append(name).Append('=').AppendLine(value);
            }
        }

        traffic.AssertNoMarker(exported.ToString(), "the in-memory export");
        traffic.AssertNoMarker(string.Join('\n', fixture.Gateway.Logs.Messages), "the Gateway's log");
        Assert.Contains(fixture.Gateway.Logs.Messages, m => m.Contains("[2460]", StringComparison.Ordinal) && m.Contains(traffic.Session.Id, StringComparison.Ordinal));
    }
}
