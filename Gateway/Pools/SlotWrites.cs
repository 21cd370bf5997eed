namespace XaiRouter.Gateway.Pools;

/// <summary>
/// Read-modify-write of a key's slots with the record's version as the guard, retried when something else changed the
/// record in between (a key converting its public-key slots at authentication, which takes no lease).
/// </summary>
internal sealed class SlotWrites(IGrainFactory grains)
{
    private const int Attempts = 8;

    /// <returns>
    /// The stored record; or <see langword="null"/> with <c>Gone</c> when the key is unknown or no longer active; or
    /// <see langword="null"/> without it when the record kept changing.
    /// </returns>
    public async Task<(AccessKeyRecord? Stored, bool Gone)> ChangeAsync(string keyId, Func<ImmutableArray<Keyslot>, ImmutableArray<Keyslot>> change)
    {
        var grain = grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId));
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await grain.GetAsync() is not { Status: AccessKeyStatus.Active } current)
            {
                return (null, true);
            }

            if (await grain.ReplaceSlotsAsync(current.Version, change(current.Slots)) is { } stored)
            {
                return (stored, false);
            }
        }

        return (null, false);
    }
}
