namespace XaiRouter.Gateway.Hosting;

/// <summary>Settings for calls to upstream providers, configuration section <c>Upstream</c>.</summary>
internal sealed class UpstreamOptions
{
    public const string SectionName = "Upstream";

    /// <summary>
    /// <c>Upstream:AllowPrivateNetworks</c>: allow provider base URLs that resolve to loopback, private or
    /// link-local addresses. Default <see langword="false"/>; tests set it.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
