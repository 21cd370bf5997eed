using System.Net.Sockets;
using System.Security.Authentication;
using XaiRouter.Gateway.Hosting;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Why an attempt got no answer from its upstream, in words a newcomer can act on: the class of cause (DNS, refused,
/// TLS, timeout...) with the host, for the client's 502 and a one-line log entry, so nobody has to read a stack
/// trace to learn that a host name is misspelled. It only describes; whether the failure counts against the key's
/// health is decided elsewhere.
/// </summary>
/// <param name="Kind">The class of cause.</param>
/// <param name="Description">The cause with the host, safe to show the client (no credentials, no paths).</param>
/// <param name="Detail">The innermost exception's message, for the log line only.</param>
internal sealed record UpstreamFailure(UpstreamFailureKind Kind, string Description, string? Detail)
{
    /// <param name="error">What the forwarder reported.</param>
    /// <param name="exception">The forwarder's exception (<c>IForwarderErrorFeature.Exception</c>), if any.</param>
    /// <param name="baseUrl">The provider key's base URL, for the host named in the message.</param>
    /// <param name="headersTimedOut">The attempt's response headers did not come within <c>Routing:HeadersTimeout</c>.</param>
    /// <param name="clientGone">The client aborted the request.</param>
    public static UpstreamFailure Classify(ForwarderError error, Exception? exception, string baseUrl, bool headersTimedOut = false, bool clientGone = false)
    {
        var (host, endpoint) = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? (uri.Host, $"{uri.Host}:{uri.Port}") : ("the upstream host", "the upstream");
        var detail = Innermost(exception)?.Message;
        if (clientGone)
        {
            return new(UpstreamFailureKind.ClientGone, "the client closed the request", detail);
        }

        if (headersTimedOut)
        {
            return new(UpstreamFailureKind.Timeout, $"no response headers from {endpoint} within Routing:HeadersTimeout", detail);
        }

        if (error == ForwarderError.RequestTimedOut)
        {
            return new(UpstreamFailureKind.Timeout, $"{endpoint} made no progress within Upstream:IdleTimeout", detail);
        }

        return FromExceptions(exception, host, endpoint, detail) ?? new(UpstreamFailureKind.Other, $"the exchange with {endpoint} failed ({error})", detail);
    }

    /// <summary>The most specific cause found in the exception chain, or null.</summary>
    private static UpstreamFailure? FromExceptions(Exception? exception, string host, string endpoint, string? detail)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case UpstreamBlockedException:
                    return new(UpstreamFailureKind.Blocked,
                        $"{host} resolves only to loopback, private or otherwise internal addresses, which are refused unless {UpstreamOptions.AllowPrivateNetworksKey} is true", detail);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return new(UpstreamFailureKind.Dns, $"could not resolve host {host} (DNS)", detail);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return new(UpstreamFailureKind.ConnectionRefused, $"connection refused by {endpoint}", detail);
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                case TimeoutException:
                    return new(UpstreamFailureKind.Timeout, $"timed out connecting to {endpoint}", detail);
                case AuthenticationException:
                    return new(UpstreamFailureKind.Tls, $"TLS handshake with {endpoint} failed", detail);
                case SocketException socket:
                    return new(UpstreamFailureKind.Connection, $"connection to {endpoint} failed ({socket.SocketErrorCode})", detail);
            }
        }

        if (exception is OperationCanceledException)
        {
            // Not the client (checked first): a deadline of ours, such as the liveness probe's.
            return new(UpstreamFailureKind.Timeout, $"no answer from {endpoint} in time", detail);
        }

        // Without a more specific inner exception, the HTTP client's own class of error.
        return (exception as HttpRequestException)?.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new(UpstreamFailureKind.Dns, $"could not resolve host {host} (DNS)", detail),
            HttpRequestError.SecureConnectionError => new(UpstreamFailureKind.Tls, $"TLS handshake with {endpoint} failed", detail),
            HttpRequestError.ConnectionError => new(UpstreamFailureKind.Connection, $"connection to {endpoint} failed", detail),
            HttpRequestError.ResponseEnded => new(UpstreamFailureKind.Connection, $"{endpoint} closed the connection before answering", detail),
            _ => null,
        };
    }

    private static Exception? Innermost(Exception? exception)
    {
        while (exception?.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
