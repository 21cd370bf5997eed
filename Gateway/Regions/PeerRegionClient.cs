using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// Calls another region's Gateways (<c>Region:Peers:N:ManagementUrl</c>) with the operator token, which every
/// region shares: the one channel between regions besides PostgreSQL replication and the revocation feed. A peer
/// that does not answer within <see cref="Timeout"/> counts as unreachable, so that a cut link costs a request at
/// most that long.
/// </summary>
internal sealed class PeerRegionClient : IDisposable
{
    /// <summary>How long a call to a peer may take before it counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Header naming the calling region on every call.</summary>
    public const string RegionHeader = "X-Xai-Region";

    private readonly HttpClient _http;
    private readonly RegionOptions _region;
    private readonly string? _token;

    public PeerRegionClient(IOptions<RegionOptions> region, IOptions<OperatorOptions> operatorOptions)
    {
        _region = region.Value;
        _token = operatorOptions.Value.Token;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        { Timeout = Timeout };
    }

    /// <summary>The configured peers.</summary>
    public IReadOnlyList<RegionPeerOptions> Peers => _region.Peers;

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="pathAndQuery"/> (starting with '/') to <paramref name="peer"/>.
    /// Throws <see cref="HttpRequestException"/> or <see cref="TaskCanceledException"/> when the peer is unreachable.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(RegionPeerOptions peer, HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(peer.ManagementUrl!.TrimEnd('/') + pathAndQuery)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.TryAddWithoutValidation(RegionHeader, _region.Name);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
