using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Pools;

/// <summary>
/// Re-keys one pool without stranding anyone: every active key that held it gets the new version (sealed to its
/// public key; the caller's own slot is symmetric), the root always, except the keys the caller names to cut off.
/// Runs under the tenant's vault-write lease (<see cref="Security.VaultWriteGate"/>), with the caller's record fresh.
/// </summary>
/// <remarks>
/// 1. Open the caller's slot for the current version (403 without one).
/// 2. Find the holders: usable keys of the tenant (active, unexpired, every ancestor too) with a slot for the current
///    version (the root among them: no key but the root can take a pool from it) and the caller; minus the cut-off keys. A holder's public key is sealed
///    to only if its slot's holder tag, checked with the current pool key, vouches for it (a public key edited in the
///    database is never sealed to); a holder without one (a record older than public-key slots that has not
///    authenticated since) answers 409 naming it, rather than being stranded.
/// 3. Give every holder a slot for the next version, before the version moves (nobody can be left behind by a crash
///    between steps: until step 4 the new slots open nothing in use).
/// 4. Advance the tenant's pool version (checked).
/// 5. Re-encrypt every provider key of the pool that is not at the new version.
/// 6. Tell gateways to reload provider keys, then drop the slots of older versions (and every slot of the pool held
///    by a cut-off key), except those vouching for a holder's public-key slot (FORMAT.md, "Vouchers"): the holder's
///    next authentication converts that slot and drops them.
/// Every step checks its result; a step that fails undoes the slots of step 3 before version 4 moved.
/// </remarks>
internal sealed class PoolRekeying(IGrainFactory grains, SlotWrites slotWrites, TimeProvider timeProvider)
{
    public const string Note =
        "Every usable key that held the pool holds the new version (sealed to its public key), the root always; expired keys and the keys in 'excluded_keys' were cut off.";

    public async Task<(RekeyResponse? Rekeyed, ProblemHttpResult? Problem)> RekeyAsync(UnlockedKey caller, string pool, IReadOnlySet<string> excluded)
    {
        var tenant = grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));
        var vault = await tenant.GetVaultAsync();
        if (vault is null || !vault.Pools.TryGetValue(pool, out var version))
        {
            return (null, Problems.NotFound($"No pool is named '{pool}'."));
        }

        // Step 1.
        using var oldKey = caller.OpenPoolKey(pool, version);
        if (oldKey is null)
        {
            return (null, Problems.Forbidden($"This key holds no slot for the current version of pool '{pool}'."));
        }

        // Step 2: the usable keys holding the current version; only public keys a holder vouched for are sealed to.
        // An expired key, or one under an expired or revoked ancestor, is refused at authentication: it gets no new
        // version (its old slots go in step 6), so its secret with a later copy of the database opens nothing added now.
        var records = await ReadActiveRecordsAsync(caller, vault);
        var byId = records.ToDictionary(r => r.KeyId, StringComparer.Ordinal);
        var now = timeProvider.GetUtcNow();
        var holders = new List<AccessKeyRecord>();
        foreach (var record in records)
        {
            if (!excluded.Contains(record.KeyId) && record.KeyId != caller.Record.KeyId && record.FindSlot(pool, version) is not null
                && await IsUsableAsync(record, byId, now))
            {
                holders.Add(record);
            }
        }

        var unsealable = holders.Where(h => !SealedSlots.IsVouchedFor(h, pool, version, oldKey.Span)).Select(h => h.KeyId).ToList();
        if (unsealable.Count > 0)
        {
            return (null, Problems.Conflict(
                $"These keys hold the pool but their public key is not yet vouched for (issued before public-key slots): {string.Join(", ", unsealable)}. " +
                "Use each once (any authenticated request), or name them in 'exclude_keys'."));
        }

        if (!excluded.Contains(caller.Record.KeyId))
        {
            holders.Add(caller.Record);
        }

        if (holders.Count == 0)
        {
            return (null, Problems.BadRequest("'exclude_keys' would leave nobody holding the pool."));
        }

        // Step 3.
        var next = version + 1;
        using var ring = new PoolKeyRing();
        var newKey = ring.AddNew(pool, next);
        var granted = new List<string>();
        // Every holder held the current version (step 2): it vouches for the new one.
        var voucher = new VoucherKey(pool, version, oldKey);
        foreach (var holder in holders)
        {
            var slot = caller.WrapSlotFor(holder, pool, next, newKey.Span, voucher)!;
            var (stored, gone) = await slotWrites.ChangeAsync(holder.KeyId, slots => slots.RemoveAll(s => s.Pool == pool && s.Version == next).Add(slot));
            if (stored is not null)
            {
                granted.Add(holder.KeyId);
            }
            else if (!gone)
            {
                await DropSlotsAsync(granted, pool, next);
                return (null, Problems.Conflict($"The key '{holder.KeyId}' kept changing; nothing was re-keyed, retry."));
            }
        }

        // Step 4.
        if (await tenant.AdvancePoolVersionAsync(pool, version) is not { } advanced || advanced != next)
        {
            await DropSlotsAsync(granted, pool, next);
            return (null, Problems.Conflict($"The pool '{pool}' was re-keyed meanwhile; nothing was re-keyed, retry."));
        }

        // Step 5.
        var reencrypted = 0;
        var current = await tenant.GetVaultAsync();
        foreach (var id in current?.ProviderKeyIds ?? vault.ProviderKeyIds)
        {
            var grain = grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(caller.TenantId, id));
            if (await grain.GetAsync() is not { } record || record.Pool != pool || record.PoolVersion == next)
            {
                continue;
            }

            using var plaintext = caller.DecryptProviderKey(record);
            if (plaintext is not null)
            {
                await ResealAsync(grain, record, newKey.Span, next, plaintext.Span);
                reencrypted++;
            }
        }

        // Step 6.
        await tenant.TouchProviderKeysAsync();
        var cutOff = ImmutableArray.CreateRange(excluded.Order(StringComparer.Ordinal));
        foreach (var record in records.Append(caller.Record).DistinctBy(r => r.KeyId))
        {
            var cut = excluded.Contains(record.KeyId);
            if (cut || record.Slots.Any(s => s.Pool == pool && s.Version < next))
            {
                // Older versions that vouch for a public-key slot stay until the holder's next authentication converts it.
                await slotWrites.ChangeAsync(record.KeyId, slots =>
                {
                    var vouchers = cut ? [] : SealedSlots.VoucherSlots(slots);
                    return slots.RemoveAll(s => s.Pool == pool && (cut || (s.Version < next && !vouchers.Contains((s.Pool, s.Version)))));
                });
            }
        }

        return (new RekeyResponse(pool, next, reencrypted, Note, [.. granted], cutOff), null);
    }

    /// <summary>The tenant's active key records: root, passphrase credential and every sub-key.</summary>
    public async Task<List<AccessKeyRecord>> ReadActiveRecordsAsync(UnlockedKey caller, TenantVault vault)
    {
        // An unclaimed tenant has no root key yet (and no key that could call this).
        var ids = vault.RootKeyId is { } root ? vault.KeyIds.Append(root) : vault.KeyIds;
        if (vault.PassphraseKeyId is { } passphrase)
        {
            ids = ids.Append(passphrase);
        }

        var records = await Task.WhenAll(ids.Distinct(StringComparer.Ordinal).Select(id => grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(id)).GetAsync()));
        return [.. records.OfType<AccessKeyRecord>().Where(r => r.Status == AccessKeyStatus.Active && r.TenantId == caller.TenantId)];
    }

    /// <summary>Whether the key and every ancestor are active and unexpired (what authentication requires of it).</summary>
    private async Task<bool> IsUsableAsync(AccessKeyRecord record, Dictionary<string, AccessKeyRecord> activeRecords, DateTimeOffset now)
    {
        var key = record;
        for (var depth = 0; depth <= Security.AccessKeyAuthenticator.MaxDepth; depth++)
        {
            if (key.Status != AccessKeyStatus.Active || key.ExpiresAt <= now || key.TenantId != record.TenantId)
            {
                return false;
            }

            if (key.ParentKeyId is not { } parentId)
            {
                return true;
            }

            // Console sessions are not in the tenant's key index: a key one created has its parent read directly.
            if ((activeRecords.GetValueOrDefault(parentId) ?? await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(parentId)).GetAsync()) is not { } parent)
            {
                return false;
            }

            key = parent;
        }

        return false;
    }

    /// <summary>Re-encrypts one provider key under the pool's new version.</summary>
    private static Task ResealAsync(IProviderKeyGrain grain, ProviderKeyRecord record, ReadOnlySpan<byte> newKey, int next, ReadOnlySpan<byte> plaintext)
    {
        // Bound (v2) unless the record is an unverified legacy one, which stays legacy (and refused) until confirmed.
        return grain.SaveAsync(ProviderKeyCipher.Reseal(newKey, record with { PoolVersion = next }, plaintext));
    }

    private async Task DropSlotsAsync(List<string> keyIds, string pool, int version)
    {
        foreach (var keyId in keyIds)
        {
            await slotWrites.ChangeAsync(keyId, slots => slots.RemoveAll(s => s.Pool == pool && s.Version == version));
        }
    }
}
