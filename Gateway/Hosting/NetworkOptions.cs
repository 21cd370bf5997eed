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
}
