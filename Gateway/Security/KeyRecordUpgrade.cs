using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Keeps the request path on symmetric slots: when an authenticated key's record has public-key slots (a grant or
/// re-key made without its secret) or no public key yet (issued before public-key slots), it is rewritten once with
/// symmetric slots and its public key. Opening a public-key slot costs an X25519 agreement (see FORMAT.md for the
/// measured figures), so each key pays that once per re-key rather than on every request.
/// </summary>
/// <remarks>
/// The write is guarded by the record's version and takes no lease: if anything changed the record meanwhile it
/// simply does not happen (the next request tries again), and the vault writes that do hold the lease retry their own
/// slot changes (<see cref="Pools.SlotWrites"/>). A failure never fails the request.
/// <para>
/// With regions, only the tenant's home region writes the record (a copy elsewhere is read-only): in another region
/// the key keeps opening its public-key slots until its home upgrades it.
/// </para>
/// </remarks>
internal sealed partial class KeyRecordUpgrade(IGrainFactory grains, RecordCache records, IOptions<RegionOptions> regions, ILogger<KeyRecordUpgrade> logger)
{
    public async Task ApplyAsync(UnlockedKey key)
    {
        if (key.UpgradedRecord() is not { } upgraded)
        {
            return;
        }

        if (regions.Value.IsMultiRegion
            && !regions.Value.IsHome(await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(key.TenantId)).GetHomeRegionAsync()))
        {
            return;
        }

        try
        {
            if (await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(upgraded.KeyId)).UpdateAsync(upgraded.Version, upgraded) is { } stored)
            {
                key.TryRefresh(stored);
                records.InvalidateAll();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUpgradeFailed(logger, upgraded.KeyId, exception);
        }
    }

    [LoggerMessage(EventId = EventIds.KeyRecordUpgradeFailed, EventName = nameof(EventIds.KeyRecordUpgradeFailed), Level = LogLevel.Warning,
        Message = "Storing key {KeyId}'s public key and symmetric slots failed; it is tried again at its next request")]
    private static partial void LogUpgradeFailed(ILogger logger, string keyId, Exception exception);
}
