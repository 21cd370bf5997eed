namespace XaiRouter.Gateway.Hosting;

/// <summary>How the Gateway sees its clients, configuration section <c>Network</c>.</summary>
internal sealed class NetworkOptions
{
    public const string SectionName = "Network";

    /// <summary>
    /// <c>Network:TrustedProxies</c>: addresses or CIDR ranges of reverse proxies whose <c>X-Forwarded-For</c> is
    /// believed. From anyone else the header is ignored and the connection's address is the client's. Default none.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    // Limits of what a client may send, set deliberately on the server (Kestrel) rather than left to its defaults.
    // The forwarding routes under /v1 take bodies up to Upstream:MaxRequestBodySize instead of MaxManagementBodySize.

    /// <summary>Default of <see cref="MaxManagementBodySize"/>: 1 MiB.</summary>
    public const long DefaultMaxManagementBodySize = 1024 * 1024;

    /// <summary>
    /// <c>Network:MaxManagementBodySize</c>: largest request body of every route but the forwarding ones (the
    /// management API <c>/x</c> and the operator API <c>/admin</c> take small JSON documents), in bytes (413
    /// above). <c>/x/claim</c> and <c>/x/session</c>, open to anyone, take at most 16 KiB. Default 1 MiB.
    /// </summary>
    public long MaxManagementBodySize { get; set; } = DefaultMaxManagementBodySize;

    /// <summary>Default of <see cref="MaxRequestHeadersTotalSize"/>: 32 KiB (Kestrel's).</summary>
    public const int DefaultMaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>
    /// <c>Network:MaxRequestHeadersTotalSize</c>: largest total size of a request's headers, in bytes (431 above).
    /// Default 32 KiB.
    /// </summary>
    public int MaxRequestHeadersTotalSize { get; set; } = DefaultMaxRequestHeadersTotalSize;

    /// <summary>Default of <see cref="MaxRequestHeaderCount"/>: 100 (Kestrel's).</summary>
    public const int DefaultMaxRequestHeaderCount = 100;

    /// <summary><c>Network:MaxRequestHeaderCount</c>: most headers a request may have (431 above). Default 100.</summary>
    public int MaxRequestHeaderCount { get; set; } = DefaultMaxRequestHeaderCount;

    /// <summary>Default of <see cref="RequestHeadersTimeout"/>: 30 seconds (Kestrel's).</summary>
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Network:RequestHeadersTimeout</c>: how long a client may take to send its request headers before the
    /// connection is closed (a slow-headers attack holds connections open). Default 30 seconds.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = DefaultRequestHeadersTimeout;

    /// <summary>Default of <see cref="MinRequestBodyDataRate"/>: 240 bytes per second (Kestrel's).</summary>
    public const double DefaultMinRequestBodyDataRate = 240;

    /// <summary>
    /// <c>Network:MinRequestBodyDataRate</c>: slowest a request body may arrive, in bytes per second, averaged
    /// after <see cref="MinRequestBodyDataRateGracePeriod"/>; a slower body is answered 408 (a slow-body attack
    /// holds a connection and a request open). Default 240 bytes per second.
    /// </summary>
    public double MinRequestBodyDataRate { get; set; } = DefaultMinRequestBodyDataRate;

    /// <summary>Default of <see cref="MinRequestBodyDataRateGracePeriod"/>: 5 seconds (Kestrel's).</summary>
    public static readonly TimeSpan DefaultMinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>Network:MinRequestBodyDataRateGracePeriod</c>: how long a body may arrive slower than
    /// <see cref="MinRequestBodyDataRate"/> before it is refused; more than 1 second (Kestrel checks once a second).
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = DefaultMinRequestBodyDataRateGracePeriod;
}
