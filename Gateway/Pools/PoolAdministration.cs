using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Pools;

/// <summary>Creates and re-keys pools. A pool key exists only wrapped in slots; it is opened here only for the operation.</summary>
internal sealed class PoolAdministration(IGrainFactory grains)
{
    public const string RekeyNote =
        "Only the key that re-keyed holds a slot for the new version; every other key has lost this pool until it is granted again.";

    /// <summary>Adds a pool with a fresh pool key, and a slot for it to the calling key.</summary>
    public async Task<Results<Created<PoolResponse>, ProblemHttpResult>> CreateAsync(UnlockedKey caller, string name)
    {
        // The pool first, then the slot: a slot must never exist for a pool key the tenant does not use.
        if (!await Tenant(caller).AddPoolAsync(name))
        {
            return Problems.Conflict($"The pool '{name}' exists already.");
        }

        using var pools = new PoolKeyRing();
        var slot = caller.WrapSlot(name, 1, pools.AddNew(name, 1).Span);
        if (await UpdateSlotsAsync(caller, slots => slots.Add(slot)) is null)
        {
            return Problems.Conflict("This key changed while the pool was created; its slot could not be added.");
        }

        return TypedResults.Created($"/x/pools/{name}", new PoolResponse(name, 1, HasSlot: true));
    }

    public async Task<IReadOnlyList<PoolResponse>> ListAsync(UnlockedKey caller)
    {
        var vault = await Tenant(caller).GetVaultAsync();
        // Any key but the root sees only the pools it holds.
        return vault is null
            ? []
            : [.. vault.Pools.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new PoolResponse(p.Key, p.Value, caller.Record.FindSlot(p.Key, p.Value) is not null))
                .Where(p => p.HasSlot || caller.Record.Kind == AccessKeyKind.Root)];
    }

    /// <summary>
    /// Gives a pool a new key version and re-encrypts its provider keys under it.
    /// </summary>
    /// <remarks>
    /// 1. Open the caller's slot for the current version (403 without one).
    /// 2. Advance the tenant's pool version, which only one concurrent re-key wins (409 for the others).
    /// 3. Add a slot for the new version to the caller, keeping its older ones for now.
    /// 4. Re-encrypt every provider key of the pool that is not yet at the new version, opening each with the
    ///    caller's slot for its version (so a re-key interrupted earlier is completed by the next one).
    /// 5. Drop the caller's slots for older versions of the pool.
    /// Other keys keep their slots for old versions, which open nothing any more.
    /// </remarks>
    public async Task<Results<Ok<RekeyResponse>, ProblemHttpResult>> RekeyAsync(UnlockedKey caller, string name)
    {
        var vault = await Tenant(caller).GetVaultAsync();
        if (vault is null || !vault.Pools.TryGetValue(name, out var version))
        {
            return Problems.NotFound($"No pool is named '{name}'.");
        }

        // Step 1.
        using var oldKey = caller.OpenPoolKey(name, version);
        if (oldKey is null)
        {
            return Problems.Forbidden($"This key holds no slot for the current version of pool '{name}'.");
        }

        // Step 2.
        if (await Tenant(caller).AdvancePoolVersionAsync(name, version) is not { } next)
        {
            return Problems.Conflict($"The pool '{name}' was re-keyed meanwhile.");
        }

        // Step 3.
        using var pools = new PoolKeyRing();
        var newKey = pools.AddNew(name, next);
        var newSlot = caller.WrapSlot(name, next, newKey.Span);
        await UpdateSlotsAsync(caller, slots => slots.Add(newSlot));

        // Step 4.
        var reencrypted = 0;
        foreach (var id in vault.ProviderKeyIds)
        {
            var grain = grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(caller.TenantId, id));
            if (await grain.GetAsync() is not { } record || record.Pool != name || record.PoolVersion == next)
            {
                continue;
            }

            using var plaintext = caller.DecryptProviderKey(record);
            if (plaintext is null)
            {
                continue;
            }

            // Bound (v2) unless the record is an unverified legacy one, which stays legacy (and refused) until confirmed.
            await grain.SaveAsync(ProviderKeyCipher.Reseal(newKey.Span, record with { PoolVersion = next }, plaintext.Span));
            reencrypted++;
        }

        // Gateways reload their cached provider key records before the old slots go.
        await Tenant(caller).TouchProviderKeysAsync();

        // Step 5.
        await UpdateSlotsAsync(caller, slots => slots.RemoveAll(s => s.Pool == name && s.Version < next));
        return TypedResults.Ok(new RekeyResponse(name, next, reencrypted, RekeyNote));
    }

    /// <summary>Changes the caller's stored slots (read fresh, written only if nobody changed them meanwhile).</summary>
    private async Task<AccessKeyRecord?> UpdateSlotsAsync(UnlockedKey caller, Func<ImmutableArray<Keyslot>, ImmutableArray<Keyslot>> change)
    {
        var grain = grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(caller.Record.KeyId));
        return await grain.GetAsync() is { } current ? await grain.ReplaceSlotsAsync(current.Version, change(current.Slots)) : null;
    }

    private ITenantGrain Tenant(UnlockedKey caller) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));
}
