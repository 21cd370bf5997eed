namespace XaiRouter.Gateway.Forwarding;

/// <summary>The class of cause of an upstream failure, as the client's message and the log line name it.</summary>
internal enum UpstreamFailureKind
{
    /// <summary>The upstream's host name does not resolve.</summary>
    Dns,

    /// <summary>Nothing listens on the upstream's port (or a firewall rejects the connection).</summary>
    ConnectionRefused,

    /// <summary>The TLS handshake failed: a certificate not trusted, or no TLS at all on the other end.</summary>
    Tls,

    /// <summary>The connection, the response headers or the exchange took too long.</summary>
    Timeout,

    /// <summary>The host resolves only to addresses the SSRF guard refuses (<c>Upstream:AllowPrivateNetworks</c>).</summary>
    Blocked,

    /// <summary>Another network failure: unreachable, reset, closed before an answer.</summary>
    Connection,

    /// <summary>The client went away; the upstream did nothing wrong.</summary>
    ClientGone,

    /// <summary>Anything else the forwarder reported.</summary>
    Other,
}
