using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>An upstream host resolved only to addresses the SSRF guard refuses.</summary>
internal sealed class UpstreamBlockedException(string host)
    : IOException($"The upstream host {host} resolves only to loopback, private, link-local or otherwise internal addresses, which are refused unless {UpstreamOptions.AllowPrivateNetworksKey} is true.");
