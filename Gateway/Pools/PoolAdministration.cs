using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Pools;

/// <summary>Creates and re-keys pools. A pool key exists only wrapped in slots; it is opened here only for the operation.</summary>
internal sealed class PoolAdministration(IGrainFactory grains, VaultWriteGate gate, PoolRekeying rekeying, SlotWrites slotWrites)
{
    /// <summary>
    /// Adds a pool with a fresh pool key: a slot for the calling key, and one sealed to the root's public key (a pool
    /// the root cannot open could be taken from it; 409 while the root's public key is not vouched for). Needs the root
    /// or <c>tenant_admin</c>.
    /// </summary>
    public async Task<Results<Created<PoolResponse>, ProblemHttpResult>> CreateAsync(UnlockedKey caller, string name)
    {
        if (TenantAuthority.RequireTenantAdmin(caller) is { } forbidden)
        {
            return forbidden;
        }

        var (hold, busy) = await gate.EnterAsync(caller);
        if (busy is not null)
        {
            return busy;
        }

        await using (hold)
        {
            var vault = await Tenant(caller).GetVaultAsync();
            var root = vault?.RootKeyId is not { } rootKeyId || rootKeyId == caller.Record.KeyId ? null
                : await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(rootKeyId)).GetAsync();
            var rootVoucher = root is null || root.Status != AccessKeyStatus.Active ? null : RootVoucher(caller, root, vault!);
            if (root is not null && rootVoucher is null)
            {
                // Sealed to only with a public key a pool both hold vouches for. Without one the root would never hold
                // the pool (a re-key reaches only the keys holding it), so the pool waits until the root is usable.
                return Problems.Conflict(
                    "The root key's public key is not yet vouched for (issued before public-key slots): use the root key once (any authenticated request), then retry.");
            }

            // The slots first, then the pool: a slot for a pool that does not exist opens nothing, while a pool
            // nobody holds could never be used.
            using var pools = new PoolKeyRing();
            var poolKey = pools.AddNew(name, 1);
            if (vault is null || vault.Pools.ContainsKey(name))
            {
                return Problems.Conflict($"The pool '{name}' exists already.");
            }

            // The pool that vouched for the root's public key also vouches for the slot sealed to it (FORMAT.md, "Vouchers").
            using var voucherKey = rootVoucher is { } found ? caller.OpenPoolKey(found.Pool, found.Version) : null;
            var voucher = rootVoucher is { } vouching && voucherKey is not null ? new VoucherKey(vouching.Pool, vouching.Version, voucherKey) : default;
            var granted = new List<string>();
            foreach (var holder in root is null ? new[] { caller.Record } : [caller.Record, root])
            {
                if (caller.WrapSlotFor(holder, name, 1, poolKey.Span, voucher) is not { } slot)
                {
                    continue;
                }

                var (stored, _) = await slotWrites.ChangeAsync(holder.KeyId, slots => slots.RemoveAll(s => s.Pool == name).Add(slot));
                if (stored is null)
                {
                    await DropSlotsAsync(granted, name);
                    return Problems.Conflict("A key changed while the pool was created; retry.");
                }

                granted.Add(holder.KeyId);
            }

            if (!await Tenant(caller).AddPoolAsync(name))
            {
                await DropSlotsAsync(granted, name);
                return Problems.Conflict($"The pool '{name}' exists already.");
            }

            return TypedResults.Created($"/x/pools/{name}", new PoolResponse(name, 1, HasSlot: true));
        }
    }

    public async Task<IReadOnlyList<PoolResponse>> ListAsync(UnlockedKey caller)
    {
        var vault = await Tenant(caller).GetVaultAsync();
        // Any key but the root (and its console session) sees only the pools it holds.
        return vault is null
            ? []
            : [.. vault.Pools.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new PoolResponse(p.Key, p.Value, caller.Record.FindSlot(p.Key, p.Value) is not null))
                .Where(p => p.HasSlot || TenantAuthority.IsRoot(caller))];
    }

    /// <summary>
    /// Gives a pool a new key version and re-encrypts its provider keys under it (<see cref="PoolRekeying"/>), under
    /// the tenant's vault-write lease. <paramref name="excludeKeys"/> may name only keys of the caller's subtree (any
    /// key, for the root).
    /// </summary>
    public async Task<Results<Ok<RekeyResponse>, ProblemHttpResult>> RekeyAsync(UnlockedKey caller, string name, IReadOnlyList<string?> excludeKeys)
    {
        var (hold, busy) = await gate.EnterAsync(caller);
        if (busy is not null)
        {
            return busy;
        }

        await using (hold)
        {
            var vault = await Tenant(caller).GetVaultAsync();
            if (vault is null || !vault.Pools.ContainsKey(name))
            {
                return Problems.NotFound($"No pool is named '{name}'.");
            }

            var excluded = new HashSet<string>(StringComparer.Ordinal);
            if (excludeKeys.Count > 0)
            {
                var records = await rekeying.ReadActiveRecordsAsync(caller, vault);
                var byId = records.ToDictionary(r => r.KeyId, StringComparer.Ordinal);
                foreach (var id in excludeKeys)
                {
                    if (id is null || (id != caller.Record.KeyId && !byId.ContainsKey(id)))
                    {
                        return Problems.BadRequest($"'exclude_keys': no active key has the id '{id}'.");
                    }

                    if (!TenantAuthority.IsRoot(caller) && id != caller.Record.KeyId && !IsDescendant(byId, id, caller.Record.KeyId))
                    {
                        return Problems.Forbidden($"'exclude_keys': '{id}' is not a key of this key's subtree.");
                    }

                    excluded.Add(id);
                }
            }

            var (rekeyed, problem) = await rekeying.RekeyAsync(caller, name, excluded);
            return problem ?? (Results<Ok<RekeyResponse>, ProblemHttpResult>)TypedResults.Ok(rekeyed!);
        }
    }

    /// <summary>A pool version the caller can open that vouches for the root's stored public key (its slot's holder tag), if any.</summary>
    private static (string Pool, int Version)? RootVoucher(UnlockedKey caller, AccessKeyRecord root, TenantVault vault)
    {
        foreach (var (pool, version) in vault.Pools.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            using var poolKey = caller.OpenPoolKey(pool, version);
            if (poolKey is not null && SealedSlots.IsVouchedFor(root, pool, version, poolKey.Span))
            {
                return (pool, version);
            }
        }

        return null;
    }

    private static bool IsDescendant(Dictionary<string, AccessKeyRecord> all, string keyId, string ancestorId)
    {
        var depth = 0;
        for (var parent = all[keyId].ParentKeyId; parent is not null && depth++ < AccessKeyAuthenticator.MaxDepth; parent = all.GetValueOrDefault(parent)?.ParentKeyId)
        {
            if (parent == ancestorId)
            {
                return true;
            }
        }

        return false;
    }

    private async Task DropSlotsAsync(List<string> keyIds, string pool)
    {
        foreach (var keyId in keyIds)
        {
            await slotWrites.ChangeAsync(keyId, slots => slots.RemoveAll(s => s.Pool == pool));
        }
    }

    private ITenantGrain Tenant(UnlockedKey caller) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));
}
