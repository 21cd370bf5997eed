using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>The rule between OTEL_EXPORTER_OTLP_ENDPOINT's port and OTEL_EXPORTER_OTLP_PROTOCOL.</summary>
public sealed class OtlpProtocolCheckTests
{
    [Theory]
    [InlineData("http://collector:4318", "http/protobuf")]
    [InlineData("https://collector.example:4318/", "http/protobuf")]
    [InlineData("http://collector:4317", null)]
    [InlineData("http://collector:9000", null)]
    [InlineData("not a url", null)]
    public void PickWhenUnset_OnlyTheHttpPortPicksHttpProtobuf(string endpoint, string? expected) =>
        Assert.Equal(expected, OtlpProtocolCheck.PickWhenUnset(endpoint));

    [Theory]
    [InlineData("http://collector:4318", "grpc", true)]
    [InlineData("http://collector:4317", "http/protobuf", true)]
    [InlineData("http://collector:4318", "http/protobuf", false)]
    [InlineData("http://collector:4317", "grpc", false)]
    [InlineData("http://collector:4317", "GRPC", false)]
    [InlineData("http://collector:9000", "grpc", false)]
    [InlineData("http://collector:4318", null, false)]
    public void Mismatch_WarnsOnlyForTheOtherWellKnownPortsProtocol(string endpoint, string? protocol, bool warns)
    {
        var warning = OtlpProtocolCheck.Mismatch(endpoint, protocol);

        Assert.Equal(warns, warning is not null);
        if (warning is not null)
        {
            Assert.Contains(OtlpProtocolCheck.EndpointKey, warning, StringComparison.Ordinal);
            Assert.Contains(OtlpProtocolCheck.ProtocolKey, warning, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mismatch_NeverEchoesCredentialsInTheEndpoint()
    {
        var warning = OtlpProtocolCheck.Mismatch("http://user:s3cret@collector:4318/path?token=abc", "grpc");

        Assert.NotNull(warning);
        Assert.DoesNotContain("s3cret", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("token=abc", warning, StringComparison.Ordinal);
    }
}
