using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>
/// An OTLP endpoint on the HTTP port (4318) with the gRPC protocol exports nothing: start-up says so, naming both
/// settings; with the protocol unset, the port decides.
/// </summary>
public sealed class OtlpProtocolStartupTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Port4318WithGrpc_StartUpWarnsNamingBothSettings()
    {
        await using var gateway = new GatewayFactory
        {
            Settings = { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc" },
        };

        using var response = await gateway.CreateClient().GetAsync("/healthz", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warning = Assert.Single(gateway.Logs.Messages, m => m.StartsWith("Warning ", StringComparison.Ordinal) && m.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", StringComparison.Ordinal));
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", warning, StringComparison.Ordinal);
        Assert.Contains("4318", warning, StringComparison.Ordinal);
        Assert.Contains("http/protobuf", warning, StringComparison.Ordinal);
        Assert.Equal("grpc", gateway.Services.GetRequiredService<IConfiguration>()["OTEL_EXPORTER_OTLP_PROTOCOL"]);
    }

    [Fact]
    public async Task Port4318ProtocolUnset_ExportsWithHttpProtobuf()
    {
        await using var gateway = new GatewayFactory { Settings = { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318" } };

        using var response = await gateway.CreateClient().GetAsync("/healthz", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http/protobuf", gateway.Services.GetRequiredService<IConfiguration>()["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.DoesNotContain(gateway.Logs.Messages, m => m.StartsWith("Warning ", StringComparison.Ordinal) && m.Contains("OTEL_", StringComparison.Ordinal));
    }
}
