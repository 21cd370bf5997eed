namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// A real Gateway exporting over OTLP/HTTP (protobuf) to a real receiver on loopback: its GenAI spans, metrics and
/// request log lines arrive, and no byte of them holds a marker of a secret, a prompt or an answer.
/// </summary>
/// <remarks>Its Gateway traces every request it hears of, in the process: it runs in the telemetry collection, apart from the others.</remarks>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GatewayExportingOverOtlpHttp_SendsGenAiSpansMetricsAndLogs_WithTenantLabelsWhenAsked_AndNoMarker()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var gateway = new GatewayFactory
        {
            RealSockets = true,
            Settings =
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                // Export within a fraction of a second rather than the default 5 s (spans, logs) and 60 s (metrics).
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
                ["Logging:Requests"] = "true",
                ["Telemetry:TenantLabels"] = "true",
            },
        };
        gateway.Start();
        await using var traffic = await MarkedTraffic.StartAsync(await TenantSession.CreateAsync(gateway, "otlp"));
        var requestIds = new List<string>();
        foreach (var stream in new[] { false, true })
        {
            using var request = traffic.Chat(stream);
            using var response = await traffic.Session.Client.SendAsync(request, Cancellation);
            Assert.Contains(traffic.AnswerMarker, await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            requestIds.Add(response.Headers.GetValues("x-request-id").Single());
        }

        await receiver.WaitForAsync("traces", "chat gpt-4o", Cancellation);
        await receiver.WaitForAsync("traces", "gen_ai.usage.output_tokens", Cancellation);
        await receiver.WaitForAsync("metrics", "gen_ai.client.token.usage", Cancellation);
        await receiver.WaitForAsync("metrics", "gen_ai.client.operation.duration", Cancellation);
        // Telemetry:TenantLabels: the tenant's id labels its series.
        await receiver.WaitForAsync("metrics", traffic.Session.Id, Cancellation);
        foreach (var requestId in requestIds)
        {
            await receiver.WaitForAsync("logs", requestId, Cancellation);
        }

        Assert.True(receiver.Received("traces", "xai.provider_key.id"));
        Assert.True(receiver.Received("metrics", "xai.requests"));
        foreach (var (signal, body) in receiver.Bodies)
        {
            traffic.AssertNoMarker(body, $"an OTLP {signal} body");
        }

        traffic.AssertNoMarker(string.Join('\n', gateway.Logs.Messages), "the Gateway's log");
    }
}
