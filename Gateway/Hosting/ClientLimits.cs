using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace XaiRouter.Gateway.Hosting;

/// <summary>
/// Puts the <c>Network</c> limits on the server, so what a client may send is decided here and documented
/// (README, configuration), not left to Kestrel's defaults. Requests over a limit get a 4xx: Kestrel's own 431
/// for headers, and for bodies the client's envelope (<see cref="Apis.ClientInputErrors"/>).
/// </summary>
internal static class ClientLimits
{
    public static void Apply(KestrelServerLimits limits, NetworkOptions network)
    {
        // The global body limit is the small one; the forwarding pipeline lifts it for /v1 and enforces
        // Upstream:MaxRequestBodySize itself, so that a large prompt gets OpenAI's envelope.
        limits.MaxRequestBodySize = network.MaxManagementBodySize;
        limits.MaxRequestHeadersTotalSize = network.MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = network.MaxRequestHeaderCount;
        limits.RequestHeadersTimeout = network.RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(network.MinRequestBodyDataRate, network.MinRequestBodyDataRateGracePeriod);
    }
}
