using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// Each region keeps its own usage ledger; a tenant's report sums them all. This reads every peer's own rows of a
/// tenant for a range (<c>GET /admin/regions/usage</c> through <see cref="PeerRegionClient"/>, in parallel) for the
/// caller to add to this region's, and says which regions are in the sums: a peer that fails is left out, with the
/// time its run of failures began (kept in memory, per Gateway).
/// </summary>
internal sealed partial class RegionUsageFanOut(PeerRegionClient client, IOptions<RegionOptions> region, TimeProvider timeProvider, ILogger<RegionUsageFanOut> logger)
{
    private readonly RegionOptions _region = region.Value;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _missingSince = new(StringComparer.Ordinal);

    /// <summary>Whether there are peers to ask (otherwise the report is this region's and says nothing of regions).</summary>
    public bool IsMultiRegion => _region.IsMultiRegion;

    /// <returns>The peers' rows, and every region's state (this one first).</returns>
    public async Task<(IReadOnlyList<PeerUsageRow> Rows, IReadOnlyList<RegionUsageState> Regions)> ReadPeersAsync(
        string tenantId, bool hourly, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"/admin/regions/usage?tenant={Uri.EscapeDataString(tenantId)}&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}&hourly={(hourly ? "true" : "false")}");
        var answers = await Task.WhenAll(_region.Peers.Select(peer => FetchAsync(peer, query, cancellationToken)));
        var rows = new List<PeerUsageRow>();
        var regions = new List<RegionUsageState>(answers.Length + 1) { new(_region.Name!, true, null) };
        for (var i = 0; i < answers.Length; i++)
        {
            var name = _region.Peers[i].Name!;
            if (answers[i] is { } answer)
            {
                rows.AddRange(answer.Rows);
                regions.Add(new RegionUsageState(name, true, null));
            }
            else
            {
                regions.Add(new RegionUsageState(name, false, _missingSince.GetValueOrDefault(name)));
            }
        }

        return (rows, regions);
    }

    private async Task<PeerUsageAnswer?> FetchAsync(RegionPeerOptions peer, string query, CancellationToken cancellationToken)
    {
        string failure;
        try
        {
            using var response = await client.SendAsync(peer, HttpMethod.Get, query, null, cancellationToken);
            if (response.IsSuccessStatusCode
                && await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.PeerUsageAnswer, cancellationToken) is { Rows: not null } answer)
            {
                if (_missingSince.TryRemove(peer.Name!, out var since))
                {
                    LogRestored(logger, peer.Name!, since);
                }

                return answer;
            }

            failure = $"status {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            failure = exception.GetType().Name;
        }

        var now = timeProvider.GetUtcNow();
        if (_missingSince.TryAdd(peer.Name!, now))
        {
            LogUnreachable(logger, peer.Name!, failure);
        }

        return null;
    }

    [LoggerMessage(EventId = EventIds.PeerUsageUnreachable, EventName = nameof(EventIds.PeerUsageUnreachable), Level = LogLevel.Warning,
        Message = "Usage of region {Region} is left out of usage reports until it answers again ({Failure})")]
    private static partial void LogUnreachable(ILogger logger, string region, string failure);

    [LoggerMessage(EventId = EventIds.PeerUsageRestored, EventName = nameof(EventIds.PeerUsageRestored), Level = LogLevel.Information,
        Message = "Usage of region {Region} is in usage reports again (missing since {Since:o})")]
    private static partial void LogRestored(ILogger logger, string region, DateTimeOffset since);
}
