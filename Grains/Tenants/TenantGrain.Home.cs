using Microsoft.Extensions.Logging;

namespace XaiRouter.Grains.Tenants;

/// <summary>
/// Regions: the tenant's home region (read from its row, kept for at most <c>Region:MaxStaleSeconds</c>), the refusal
/// of writes outside it, and the home move.
/// </summary>
internal sealed partial class TenantGrain
{
    private string? _homeRegion;

    private long _homeRegionReadAt;

    /// <inheritdoc/>
    public async Task<string> GetHomeRegionAsync()
    {
        if (!regions.Value.IsMultiRegion)
        {
            return "";
        }

        // A home moves rarely (the runbook's command); a copy older than the staleness bound is read again, so an
        // activation in the old home learns of a move even without a change notification.
        if (_homeRegion is null || Environment.TickCount64 - _homeRegionReadAt > regions.Value.MaxStaleSeconds * 1000L)
        {
            _homeRegion = await homes.ReadAsync(TenantId, CancellationToken.None);
            _homeRegionReadAt = Environment.TickCount64;
        }

        return _homeRegion;
    }

    /// <inheritdoc/>
    public async Task<int> MoveHomeHereAsync()
    {
        var accessKeyIds = new List<string>(State.KeyIds);
        accessKeyIds.AddRange(State.SessionKeys.Keys);
        if (State.RootKeyId is { } root)
        {
            accessKeyIds.Add(root);
        }

        if (State.PassphraseKeyId is { } passphrase)
        {
            accessKeyIds.Add(passphrase);
        }

        var moved = await homes.MoveHereAsync(TenantId, accessKeyIds, CancellationToken.None);

        // The copy this activation holds may be older than the database's (replication ran on while it was idle).
        await state.ReadStateAsync();
        _homeRegion = regions.Value.Name!;
        _homeRegionReadAt = Environment.TickCount64;
        LogHomeMoved(logger, TenantId, _homeRegion, moved);
        return moved;
    }

    /// <summary>Writes the state if this region is the tenant's home; otherwise undoes the change and refuses.</summary>
    /// <exception cref="NotHomeRegionException">The tenant is homed in another region.</exception>
    private async Task WriteHereAsync(Action undo)
    {
        var home = await GetHomeRegionAsync();
        if (!regions.Value.IsHome(home))
        {
            undo();
            throw new NotHomeRegionException(TenantId, home);
        }

        await state.WriteOrUndoAsync(undo);
    }

    [LoggerMessage(EventId = EventIds.RegionHomeMoved, EventName = nameof(EventIds.RegionHomeMoved), Level = LogLevel.Warning,
        Message = "Tenant {TenantId}'s home moved to this region ({Region}): {Rows} row(s) re-stamped")]
    private static partial void LogHomeMoved(ILogger logger, string tenantId, string region, int rows);
}
