using System.Net.Sockets;
using System.Security.Authentication;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>The causes a real socket test cannot produce on demand (timeouts, certificate failures), as the HTTP client reports them.</summary>
public sealed class UpstreamFailureClassifierTests
{
    private const string BaseUrl = "https://api.example.com/v1";

    [Fact]
    public void ConnectTimeout_IsTimeoutConnecting()
    {
        // SocketsHttpHandler's ConnectTimeout: a cancellation carrying a TimeoutException.
        var exception = new TaskCanceledException("canceled", new TimeoutException("A connection could not be established within the configured ConnectTimeout."));

        var failure = UpstreamFailure.Classify(ForwarderError.Request, exception, BaseUrl);

        Assert.Equal(UpstreamFailureKind.Timeout, failure.Kind);
        Assert.Equal("timed out connecting to api.example.com:443", failure.Description);
    }

    [Fact]
    public void UntrustedCertificate_IsTls()
    {
        var exception = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));

        var failure = UpstreamFailure.Classify(ForwarderError.Request, exception, BaseUrl);

        Assert.Equal(UpstreamFailureKind.Tls, failure.Kind);
        Assert.Equal("TLS handshake with api.example.com:443 failed", failure.Description);
        Assert.Contains("UntrustedRoot", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NameResolutionWithoutInnerException_IsDns()
    {
        var failure = UpstreamFailure.Classify(ForwarderError.Request, new HttpRequestException(HttpRequestError.NameResolutionError), BaseUrl);

        Assert.Equal(UpstreamFailureKind.Dns, failure.Kind);
        Assert.Equal("could not resolve host api.example.com (DNS)", failure.Description);
    }

    [Fact]
    public void HostUnreachable_IsConnectionNamingTheSocketError()
    {
        var exception = new HttpRequestException(HttpRequestError.ConnectionError, "unreachable", new SocketException((int)SocketError.HostUnreachable));

        var failure = UpstreamFailure.Classify(ForwarderError.Request, exception, BaseUrl);

        Assert.Equal(UpstreamFailureKind.Connection, failure.Kind);
        Assert.Equal("connection to api.example.com:443 failed (HostUnreachable)", failure.Description);
    }

    [Fact]
    public void BlockedByTheSsrfGuard_NamesTheSetting()
    {
        var exception = new HttpRequestException(HttpRequestError.ConnectionError, "blocked", new UpstreamBlockedException("internal.example"));

        var failure = UpstreamFailure.Classify(ForwarderError.Request, exception, "http://internal.example/v1");

        Assert.Equal(UpstreamFailureKind.Blocked, failure.Kind);
        Assert.Contains("Upstream:AllowPrivateNetworks", failure.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadersTimeoutAndIdleTimeout_NameTheirSettings()
    {
        var headers = UpstreamFailure.Classify(ForwarderError.RequestCanceled, new TaskCanceledException(), BaseUrl, headersTimedOut: true);
        var idle = UpstreamFailure.Classify(ForwarderError.RequestTimedOut, new TaskCanceledException(), BaseUrl);

        Assert.Equal((UpstreamFailureKind.Timeout, UpstreamFailureKind.Timeout), (headers.Kind, idle.Kind));
        Assert.Contains("Routing:HeadersTimeout", headers.Description, StringComparison.Ordinal);
        Assert.Contains("Upstream:IdleTimeout", idle.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientGone_IsNeverBlamedOnTheUpstream()
    {
        var failure = UpstreamFailure.Classify(ForwarderError.RequestCanceled, new TaskCanceledException(), BaseUrl, clientGone: true);

        Assert.Equal(UpstreamFailureKind.ClientGone, failure.Kind);
    }
}
