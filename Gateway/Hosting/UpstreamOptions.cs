namespace XaiRouter.Gateway.Hosting;

/// <summary>Settings for calls to upstream providers, configuration section <c>Upstream</c>.</summary>
internal sealed class UpstreamOptions
{
    public const string SectionName = "Upstream";

    /// <summary>The full name of <see cref="AllowPrivateNetworks"/>, as messages that refuse an internal upstream name it.</summary>
    public const string AllowPrivateNetworksKey = "Upstream:AllowPrivateNetworks";

    /// <summary>
    /// <c>Upstream:AllowPrivateNetworks</c>: allow provider base URLs that resolve to loopback, private or
    /// link-local addresses. Default <see langword="false"/>; tests set it.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Default of <see cref="MaxRequestBodySize"/>: 32 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 32 * 1024 * 1024;

    /// <summary><c>Upstream:MaxRequestBodySize</c>: largest request body forwarded, in bytes (413 above). Default 32 MiB.</summary>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// <c>Upstream:IdleTimeout</c>: how long an upstream exchange may make no progress (no response headers, no body
    /// bytes) before it is cut; it restarts with every byte, so long streams are fine. Default 5 minutes.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
