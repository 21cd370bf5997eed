namespace XaiRouter.Gateway.Regions;

/// <summary>Whether a peer region's Gateways answer: <c>GET /healthz</c> through <see cref="PeerRegionClient"/>.</summary>
internal sealed class PeerHealthProbe(PeerRegionClient client)
{
    /// <returns>Whether the peer answered with a success status within <see cref="PeerRegionClient.Timeout"/>.</returns>
    public async Task<bool> AnswersAsync(RegionPeerOptions peer, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(peer, HttpMethod.Get, "/healthz", null, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
