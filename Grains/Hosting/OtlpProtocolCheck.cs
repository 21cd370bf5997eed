namespace XaiRouter.Grains.Hosting;

/// <summary>
/// The OTLP exporter's endpoint against its protocol. The exporter defaults to gRPC, so the usual collector URL
/// <c>http://host:4318</c> (OTLP over HTTP) exported nothing, silently. The rule: with
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> unset, the well-known port picks the protocol (4318 http/protobuf; 4317 and
/// any other port the exporter's default, grpc); set explicitly to the other well-known port's protocol, it is kept
/// and start-up warns, naming both settings.
/// </summary>
public static class OtlpProtocolCheck
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The well-known port of OTLP over gRPC.</summary>
    public const int GrpcPort = 4317;

    /// <summary>The well-known port of OTLP over HTTP.</summary>
    public const int HttpPort = 4318;

    /// <summary>The protocol <paramref name="endpoint"/>'s well-known port asks for, or null (not a well-known port, or not a URL).</summary>
    public static string? ProtocolOfPort(string? endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Port switch { HttpPort => HttpProtobuf, GrpcPort => Grpc, _ => null } : null;

    /// <summary>The protocol to use when none is configured: http/protobuf for port 4318, otherwise null (the exporter's default).</summary>
    public static string? PickWhenUnset(string? endpoint) => ProtocolOfPort(endpoint) == HttpProtobuf ? HttpProtobuf : null;

    /// <summary>A one-line warning when <paramref name="protocol"/> is the other well-known port's protocol; otherwise null.</summary>
    public static string? Mismatch(string? endpoint, string? protocol)
    {
        var expected = ProtocolOfPort(endpoint);
        if (expected is null || string.IsNullOrWhiteSpace(protocol) || string.Equals(protocol.Trim(), expected, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var port = expected == HttpProtobuf ? HttpPort : GrpcPort;
        return $"{EndpointKey} {Redacted(endpoint!)} is on port {port}, OTLP's {(expected == HttpProtobuf ? "HTTP" : "gRPC")} port, but {ProtocolKey} is '{protocol}': " +
               $"the collector will not understand the exports. Set {ProtocolKey}={expected}, or point {EndpointKey} at port {(port == HttpPort ? GrpcPort : HttpPort)}.";
    }

    /// <summary>The endpoint without user information, path or query, which may carry credentials.</summary>
    public static string Redacted(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "(not a URL)";
}
