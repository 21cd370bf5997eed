namespace XaiRouter.Grains.Hosting;

/// <summary>Orleans cluster settings, configuration section <c>Cluster</c>.</summary>
public sealed class ClusteringOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Default of <see cref="SiloPort"/>.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Default of <see cref="GatewayPort"/>.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary><c>Cluster:Provider</c>: <c>localhost</c> (default) or <c>redis</c>.</summary>
    public string Provider { get; set; } = "localhost";

    /// <summary><c>Cluster:Redis</c>: the Redis configuration string, for <c>Cluster:Provider=redis</c>.</summary>
    public string? Redis { get; set; }

    /// <summary><c>Cluster:SiloPort</c>: silo-to-silo port, unique per process on one host. Default 11111.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary><c>Cluster:GatewayPort</c>: Orleans client gateway port, unique per process on one host. Default 30000.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>
    /// <c>Cluster:PrimarySiloPort</c>: with <c>Cluster:Provider=localhost</c>, join the silo listening on this port of
    /// 127.0.0.1 instead of being the primary (several processes on one host, no Redis: development and tests).
    /// </summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>
    /// <c>Cluster:AdvertisedAddress</c>: the IP address other nodes reach this one at (redis clustering). Default:
    /// the host's first address; set it on hosts with several, and to 127.0.0.1 for a cluster on one machine.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary><c>Cluster:Tls:*</c>: the certificates of the Orleans transport's mutual TLS.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// <c>Cluster:UnsafeAllowPlaintextTransport</c>: run Orleans traffic without TLS, so anyone who reaches a silo or
    /// gateway port can call any grain. Default <see langword="false"/>; a warning is logged at every start when set.
    /// </summary>
    public bool UnsafeAllowPlaintextTransport { get; set; }

    /// <summary>Whether <see cref="Provider"/> is <c>redis</c> (validated options only).</summary>
    public bool IsRedis => string.Equals(Provider, "redis", StringComparison.OrdinalIgnoreCase);
}
