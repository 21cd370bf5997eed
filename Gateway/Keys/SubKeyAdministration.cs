using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Keys;

/// <summary>
/// Sub-account keys: created by a key with manage permission, no wider than it, nested to any depth. A key sees and
/// manages only its own subtree; keys elsewhere, and other tenants' keys, are simply not found.
/// </summary>
internal sealed class SubKeyAdministration(IGrainFactory grains, KeyVault vault, KeyAdministration keys, TimeProvider timeProvider, VaultWriteGate gate)
{
    public const string ReissuedNote = "Pools were added, which needs a new secret: this is the key from now on; the old one is refused.";

    public async Task<Results<Created<KeyResponse>, ProblemHttpResult>> CreateAsync(UnlockedKey caller, KeyRequest body)
    {
        if (body.TenantAdmin == true && !TenantAuthority.IsRoot(caller))
        {
            return TenantAdminForbidden();
        }

        var (hold, busy) = await gate.EnterAsync(caller);
        if (busy is not null)
        {
            return busy;
        }

        await using var held = hold;
        var vaultIndex = await Tenant(caller).GetVaultAsync();
        var now = timeProvider.GetUtcNow();
        var (draft, problem) = KeyPolicyBuilder.Build(caller, body with { Manage = body.Manage ?? false }, caller.Record, vaultIndex!.Pools, now);
        if (problem is not null)
        {
            return Problems.BadRequest(problem);
        }

        var template = new AccessKeyTemplate(caller.TenantId, AccessKeyKind.Sub, body.Name ?? "sub-key", caller.Record.KeyId, draft!.Manage, now, draft.ExpiresAt, draft.Policy);
        IssuedKey issued;
        using (var pools = OpenGrantablePools(caller, draft.Policy!, vaultIndex.Pools))
        {
            issued = vault.IssueAccessKey(template, pools);
        }

        await AccessKey(issued.Record.KeyId).CreateAsync(issued.Record);
        await Tenant(caller).AddKeyAsync(issued.Record.KeyId);
        return TypedResults.Created($"/x/keys/{issued.Record.KeyId}", KeyResponse.From(issued.Record, issued.AccessKey));
    }

    /// <summary>The caller's subtree: every key it created, directly or through its descendants (for a console session, the root's).</summary>
    public async Task<IReadOnlyList<AccessKeyRecord>> ListSubtreeAsync(UnlockedKey caller)
    {
        var (all, scope) = await ReadScopeAsync(caller);
        return [.. all.Values.Where(k => !IsLink(k) && IsDescendant(all, k, scope)).OrderBy(k => k.CreatedAt)];
    }

    /// <summary>The names of the caller and of every key of its subtree, by key id (reports show them beside the ids).</summary>
    /// <remarks>A console session names the root too: its reports show the root's own usage.</remarks>
    public async Task<Dictionary<string, string>> NamesAsync(UnlockedKey caller)
    {
        var (all, scope) = await ReadScopeAsync(caller);
        var names = all.Values.Where(k => !IsLink(k) && (k.KeyId == scope || IsDescendant(all, k, scope)))
            .ToDictionary(k => k.KeyId, k => k.Name, StringComparer.Ordinal);
        names[caller.Record.KeyId] = caller.Record.Name;
        if (!names.ContainsKey(scope) && await AccessKey(scope).GetAsync() is { } top)
        {
            // The root is not among the tenant's listed keys.
            names[scope] = top.Name;
        }

        return names;
    }

    /// <summary>
    /// The ids of the caller and its subtree; <see langword="null"/> for the root key or a console session, which see
    /// the whole tenant.
    /// </summary>
    public async Task<HashSet<string>?> VisibleKeyIdsAsync(UnlockedKey caller, string? within = null)
    {
        if (TenantAuthority.IsRoot(caller) && within is null)
        {
            return null;
        }

        var (all, scope) = await ReadScopeAsync(caller);
        var top = within ?? caller.Record.KeyId;
        if (top != caller.Record.KeyId && top != scope && !(all.TryGetValue(top, out var topRecord) && IsDescendant(all, topRecord, scope)))
        {
            return [];
        }

        var visible = new HashSet<string>(StringComparer.Ordinal) { top };
        visible.UnionWith(all.Values.Where(k => !IsLink(k) && IsDescendant(all, k, top)).Select(k => k.KeyId));
        return visible;
    }

    /// <summary>The caller itself or a key of its subtree; <see langword="null"/> for anything else.</summary>
    public async Task<AccessKeyRecord?> FindAsync(UnlockedKey caller, string id, bool allowSelf)
    {
        if (id == caller.Record.KeyId)
        {
            return allowSelf ? await AccessKey(id).GetAsync() : null;
        }

        if (!RandomIds.IsKeyId(id))
        {
            return null;
        }

        var (all, scope) = await ReadScopeAsync(caller);
        return all.TryGetValue(id, out var record) && !IsLink(record) && IsDescendant(all, record, scope) ? record : null;
    }

    public async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> UpdateAsync(UnlockedKey caller, string id, KeyRequest body)
    {
        if (body.TenantAdmin == true && !TenantAuthority.IsRoot(caller))
        {
            return TenantAdminForbidden();
        }

        var (hold, busy) = await gate.EnterAsync(caller);
        if (busy is not null)
        {
            return busy;
        }

        await using var held = hold;
        if (await FindAsync(caller, id, allowSelf: false) is not { Status: AccessKeyStatus.Active } target)
        {
            return NotFound(id);
        }

        var vaultIndex = await Tenant(caller).GetVaultAsync();
        var (draft, problem) = KeyPolicyBuilder.Build(caller, body, target, vaultIndex!.Pools, timeProvider.GetUtcNow());
        if (problem is not null)
        {
            return Problems.BadRequest(problem);
        }

        var pools = draft!.Policy!.Pools;
        var added = pools is null ? [] : pools.Value.Where(p => target.Slots.All(s => s.Pool != p)).ToList();
        if (added.Count == 0)
        {
            // Narrowing pools only drops slots, which needs no secret.
            var slots = pools is null ? target.Slots : target.Slots.RemoveAll(s => !pools.Value.Contains(s.Pool));
            var stored = await AccessKey(id).UpdateAsync(target.Version, draft with { Slots = slots });
            return stored is null ? Problems.Conflict("The key changed meanwhile; retry.") : TypedResults.Ok(KeyResponse.From(stored));
        }

        // A slot can only be wrapped under the key's own KEK, which needs its secret: adding pools issues a new one.
        if (TakesTenantAdmin(caller, draft))
        {
            return TenantAdminSecretForbidden();
        }

        IssuedKey issued;
        using (var granted = OpenGrantablePools(caller, draft.Policy, vaultIndex.Pools))
        {
            issued = vault.IssueAccessKey(AccessKeyTemplate.Of(draft), granted, target.KeyId);
        }

        var reissued = await AccessKey(id).UpdateAsync(target.Version, issued.Record);
        return reissued is null
            ? Problems.Conflict("The key changed meanwhile; retry.")
            : TypedResults.Ok(KeyResponse.From(reissued, issued.AccessKey, ReissuedNote));
    }

    /// <summary>Revokes the key and its whole subtree.</summary>
    public async Task<bool> RevokeAsync(UnlockedKey caller, string id)
    {
        if (await FindAsync(caller, id, allowSelf: true) is not { } target)
        {
            return false;
        }

        var all = await ReadAllAsync(caller);
        var subtree = all.Values.Where(k => IsDescendant(all, k, target.KeyId)).Select(k => k.KeyId).Prepend(target.KeyId);
        await Task.WhenAll(subtree.Select(k => AccessKey(k).RevokeAsync()));
        return true;
    }

    public async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RotateAsync(UnlockedKey caller, string id)
    {
        var (hold, busy) = await gate.EnterAsync(caller);
        if (busy is not null)
        {
            return busy;
        }

        await using var held = hold;
        if (await FindAsync(caller, id, allowSelf: true) is not { Status: AccessKeyStatus.Active } target)
        {
            return NotFound(id);
        }

        if (TakesTenantAdmin(caller, target))
        {
            return TenantAdminSecretForbidden();
        }

        var rotated = await keys.RotateAsync(caller, target);
        return rotated is null ? Problems.Conflict("The key changed meanwhile; retry.") : TypedResults.Ok(KeyResponse.From(rotated.Record, rotated.AccessKey));
    }

    public static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No key has the id '{id}'.");

    /// <summary>
    /// Whether <paramref name="id"/> is the caller's own root key: revoking it would leave the tenant without a key
    /// while the operator still sees it active, so it is refused (<see cref="RootRevocationRefused"/>).
    /// </summary>
    public static bool IsOwnRoot(UnlockedKey caller, string id) => caller.Record.Kind == AccessKeyKind.Root && id == caller.Record.KeyId;

    public static ProblemHttpResult RootRevocationRefused() => Problems.Conflict(
        "The root key cannot be revoked: the tenant would be left without a key. Rotate it instead (POST /x/keys/self/rotate), "
        + "or ask the operator to disable the tenant.");

    /// <summary>Only the root grants tenant-wide authority; a tenant_admin key cannot pass it on.</summary>
    public static ProblemHttpResult TenantAdminForbidden() => Problems.Forbidden("Only the root key can grant 'tenant_admin'.");

    /// <summary>
    /// Whether handing <paramref name="caller"/> a new secret for <paramref name="target"/> would give it the target's
    /// <c>tenant_admin</c>, which only the root grants: an ancestor may rotate or re-issue a key of its subtree, but
    /// not one the root made tenant admin (else every ancestor of such a key could act as one).
    /// </summary>
    private static bool TakesTenantAdmin(UnlockedKey caller, AccessKeyRecord target) =>
        target.EffectivePolicy.TenantAdmin && target.KeyId != caller.Record.KeyId && !TenantAuthority.IsRoot(caller);

    private static ProblemHttpResult TenantAdminSecretForbidden() =>
        Problems.Forbidden("This key holds 'tenant_admin', which only the root grants: only the root or the key itself can give it a new secret.");

    /// <summary>The pool keys a new key gets: the policy's pools (all, when unrestricted) that the caller can open now.</summary>
    private static PoolKeyRing OpenGrantablePools(UnlockedKey caller, KeyPolicy policy, IReadOnlyDictionary<string, int> tenantPools)
    {
        var ring = new PoolKeyRing();
        foreach (var (pool, version) in tenantPools)
        {
            if ((policy.Pools is null || policy.Pools.Value.Contains(pool)) && caller.OpenPoolKey(pool, version) is { } key)
            {
                ring.Add(pool, version, key);
            }
        }

        return ring;
    }

    private static bool IsDescendant(Dictionary<string, AccessKeyRecord> all, AccessKeyRecord key, string ancestorId)
    {
        var depth = 0;
        for (var parent = key.ParentKeyId; parent is not null && depth++ < Security.AccessKeyAuthenticator.MaxDepth; parent = all.GetValueOrDefault(parent)?.ParentKeyId)
        {
            if (parent == ancestorId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The tenant's keys and its unexpired console sessions, plus the expired sessions and the passphrase credential
    /// that are parents of some of them: without those links a key made in the console would be in nobody's subtree,
    /// not even the root's. Sessions are listed and revocable like other keys (by the root); the passphrase credential
    /// is a link only (<see cref="IsLink"/>), never listed or targeted.
    /// </summary>
    private async Task<Dictionary<string, AccessKeyRecord>> ReadAllAsync(UnlockedKey caller) => (await ReadScopeAsync(caller)).All;

    /// <summary>
    /// The tenant's keys (<see cref="ReadAllAsync"/>) and the key whose subtree the caller manages: its own, or for a
    /// console session, which only the root's passphrase opens and which acts with the root's tenant authority
    /// (<see cref="TenantAuthority.IsRoot"/>), the root's, so that a passphrase sign-in sees the keys, usage and
    /// requests the root sees. The root key itself stays out of reach (it is nobody's descendant).
    /// </summary>
    private async Task<(Dictionary<string, AccessKeyRecord> All, string Scope)> ReadScopeAsync(UnlockedKey caller)
    {
        var vaultIndex = await Tenant(caller).GetVaultAsync();
        var scope = caller.Record.Kind == AccessKeyKind.Session && vaultIndex?.RootKeyId is { } rootId ? rootId : caller.Record.KeyId;
        var sessions = vaultIndex!.SessionKeyIds.IsDefault ? [] : vaultIndex.SessionKeyIds;
        var records = await Task.WhenAll(vaultIndex.KeyIds.Concat(sessions).Distinct(StringComparer.Ordinal).Select(k => AccessKey(k).GetAsync()));
        var all = records.OfType<AccessKeyRecord>().Where(r => r.TenantId == caller.TenantId).ToDictionary(r => r.KeyId, StringComparer.Ordinal);
        for (var depth = 0; depth < 2; depth++)
        {
            var missing = all.Values.Select(r => r.ParentKeyId).OfType<string>()
                .Where(p => p != vaultIndex.RootKeyId && !all.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
            var links = await Task.WhenAll(missing.Select(k => AccessKey(k).GetAsync()));
            foreach (var link in links.OfType<AccessKeyRecord>().Where(r => r.TenantId == caller.TenantId && r.Kind is AccessKeyKind.Session or AccessKeyKind.Passphrase))
            {
                all[link.KeyId] = link;
            }
        }

        return (all, scope);
    }

    /// <summary>The passphrase credential: part of a chain of parents (above console sessions), not a key managed here.</summary>
    private static bool IsLink(AccessKeyRecord record) => record.Kind is AccessKeyKind.Passphrase;

    private ITenantGrain Tenant(UnlockedKey caller) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));

    private IAccessKeyGrain AccessKey(string keyId) => grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId));
}
