using System.Text;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Routing;
using XaiRouter.Gateway.Security;
using XaiRouter.Grains.Abstractions.Health;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>
/// Adds, changes and removes a tenant's provider keys on behalf of an authenticated key. Plaintext provider keys
/// exist only in wiped buffers here, between the request body and the ciphertext.
/// </summary>
internal sealed class ProviderKeyAdministration(IGrainFactory grains, TimeProvider timeProvider, IOptions<UpstreamOptions> upstream, HealthBoard board)
{
    /// <summary>The SSRF guard at store time: refuses a base URL whose host is, or resolves to, an internal address.</summary>
    public async Task<ProblemHttpResult?> CheckBaseUrlAsync(string? baseUrl, CancellationToken cancellationToken)
    {
        if (baseUrl is null || upstream.Value.AllowPrivateNetworks)
        {
            return null;
        }

        var reason = await NetworkGuard.CheckHostAsync(new Uri(baseUrl).Host, cancellationToken);
        return reason is null ? null : Problems.BadRequest(
            $"'base_url' is refused: {reason} The operator can allow internal upstreams (a model server on this host or network) with {UpstreamOptions.AllowPrivateNetworksKey}=true.");
    }

    public async Task<Results<Created<ProviderKeyResponse>, ProblemHttpResult>> CreateAsync(UnlockedKey caller, ProviderKeyRequest body)
    {
        var pool = body.Pool ?? ITenantGrain.DefaultPool;
        var vault = await Tenant(caller).GetVaultAsync();
        if (vault is null || !vault.Pools.TryGetValue(pool, out var version))
        {
            return Problems.BadRequest($"'pool': the tenant has no pool '{pool}'.");
        }

        using var poolKey = caller.OpenPoolKey(pool, version);
        if (poolKey is null)
        {
            return NoSlot(pool);
        }

        var id = RandomIds.NewKeyId();
        ProviderNames.TryParse(body.Provider, out var provider);
        var unsealed = new ProviderKeyRecord(caller.TenantId, id, body.Name!, provider, body.BaseUrl!, [.. body.Models!.Select(m => m!)],
            pool, version, body.Weight ?? 1, body.Priority ?? 0, NotSealed, Fingerprint(body.ApiKey!), timeProvider.GetUtcNow(),
            body.Limits is { } limits ? LimitsJson.ReadLimits(limits).Limits : null,
            Organization: ProviderAccountHeaders.Normalize(body.Organization), Project: ProviderAccountHeaders.Normalize(body.Project),
            ApiVersion: KindRoutes.ApiVersion(provider, body.ApiVersion, null), Deployments: KindRoutes.Deployments(provider, body.Deployments, null));
        if ((ProviderKeyValidation.AccountHeaders(unsealed) ?? ProviderKeyValidation.Kind(unsealed)) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        using var plaintext = Utf8(body.ApiKey!);
        var record = ProviderKeyCipher.Seal(poolKey.Span, unsealed, plaintext.Span);

        // The record first, then the index: an interrupted create leaves an unlisted record, never a listed hole.
        await ProviderKey(caller, id).SaveAsync(record);
        await Tenant(caller).AddProviderKeyAsync(id);
        return TypedResults.Created($"/x/provider-keys/{id}", ProviderKeyResponse.From(record, ProviderHealth.Unknown));
    }

    /// <summary>The tenant's provider keys the caller may see: those of pools it holds (the root sees all).</summary>
    public async Task<IReadOnlyList<ProviderKeyRecord>> ListAsync(UnlockedKey caller)
    {
        var vault = await Tenant(caller).GetVaultAsync();
        if (vault is null)
        {
            return [];
        }

        var records = await Task.WhenAll(vault.ProviderKeyIds.Select(id => ProviderKey(caller, id).GetAsync()));
        return [.. records.OfType<ProviderKeyRecord>().Where(r => MaySee(caller, vault, r))];
    }

    /// <summary>
    /// Reads a provider key of the caller's tenant that the caller may see (a pool it holds; the root sees all);
    /// ids of other tenants and of pools the caller does not hold are simply not found.
    /// </summary>
    public async Task<ProviderKeyRecord?> GetAsync(UnlockedKey caller, string id) =>
        await ReadAsync(caller, id) is { } record && MaySee(caller, await Tenant(caller).GetVaultAsync(), record) ? record : null;

    /// <summary>
    /// Changes a provider key. Any change needs the pool key of the record's pool at its version (403 otherwise):
    /// every PATCH re-seals, decrypting with the old binding and sealing with the new fields, so whoever changes
    /// where a key goes could have read it anyway. A record whose destination is not verified (its ciphertext no
    /// longer authenticates, or a legacy record away from its provider's official URL) is re-sealed only when the
    /// PATCH names the destination itself (<c>base_url</c> and <c>provider</c>, and <c>api_key</c> when the old one cannot be read);
    /// such a record keeps only the <c>organization</c>, <c>project</c>, <c>api_version</c> and <c>deployments</c> the PATCH names,
    /// since the row's may be an edit's. A PATCH to another kind drops the old kind's <c>api_version</c> and <c>deployments</c>.
    /// </summary>
    public async Task<Results<Ok<ProviderKeyResponse>, ProblemHttpResult>> UpdateAsync(UnlockedKey caller, string id, ProviderKeyRequest body)
    {
        if (await ReadAsync(caller, id) is not { } record)
        {
            return NotFound(id);
        }

        using var oldPoolKey = caller.OpenPoolKey(record.Pool, record.PoolVersion);
        if (oldPoolKey is null)
        {
            return NoSlot(record.Pool);
        }

        var pool = body.Pool ?? record.Pool;
        var vault = await Tenant(caller).GetVaultAsync();
        if (vault is null || !vault.Pools.TryGetValue(pool, out var version))
        {
            return Problems.BadRequest($"'pool': the tenant has no pool '{pool}'.");
        }

        // The old ciphertext opens only under the record's binding; null means the record was altered in storage.
        var namesDestination = body.BaseUrl is not null && body.Provider is not null;
        using var old = ProviderKeyCipher.Open(oldPoolKey.Span, record);
        var verified = old is not null && (record.Format == ProviderKeyFormat.BoundV2 || LegacyDestinations.IsOfficial(record));
        if ((!verified && !namesDestination) || (old is null && body.ApiKey is null))
        {
            return Unverified(id, readable: old is not null);
        }

        var samePoolKey = pool == record.Pool && version == record.PoolVersion;
        using var newPoolKey = samePoolKey ? null : caller.OpenPoolKey(pool, version);
        if (!samePoolKey && newPoolKey is null)
        {
            return NoSlot(pool);
        }

        using var replacement = body.ApiKey is null ? null : Utf8(body.ApiKey);
        var provider = body.Provider is null ? record.Provider : ProviderNames.TryParse(body.Provider, out var kind) ? kind : record.Provider;

        // Routes of the old kind stay only while the kind does, and, like the account headers, only on a verified record.
        var keepsRoute = verified && provider == record.Provider;
        var changed = record with
        {
            Name = body.Name ?? record.Name,
            Provider = provider,
            BaseUrl = body.BaseUrl ?? record.BaseUrl,
            Models = body.Models is null ? record.Models : [.. body.Models.Select(m => m!)],
            Weight = body.Weight ?? record.Weight,
            Priority = body.Priority ?? record.Priority,
            Limits = body.Limits is { } limits ? LimitsJson.ReadLimits(limits).Limits : record.Limits,
            Pool = pool,
            PoolVersion = version,
            Fingerprint = body.ApiKey is null ? record.Fingerprint : Fingerprint(body.ApiKey),

            // Bound like the destination: an unverified record keeps none the PATCH does not name (the row's may be an edit's).
            Organization = body.Organization is null ? (verified ? record.Organization : null) : ProviderAccountHeaders.Normalize(body.Organization),
            Project = body.Project is null ? (verified ? record.Project : null) : ProviderAccountHeaders.Normalize(body.Project),
            ApiVersion = KindRoutes.ApiVersion(provider, body.ApiVersion, keepsRoute ? record.ApiVersion : null),
            Deployments = KindRoutes.Deployments(provider, body.Deployments, keepsRoute ? record.Deployments : null),
        };
        if ((ProviderKeyValidation.AccountHeaders(changed) ?? ProviderKeyValidation.Kind(changed)) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        var updated = ProviderKeyCipher.Seal((newPoolKey ?? oldPoolKey).Span, changed, (replacement ?? old!).Span);

        await ProviderKey(caller, id).SaveAsync(updated);
        await Tenant(caller).TouchProviderKeysAsync();
        if (body.ApiKey is not null || body.BaseUrl is not null || body.Provider is not null
            || changed.Organization != record.Organization || changed.Project != record.Project
            || changed.ApiVersion != record.ApiVersion || !KindRoutes.SameDeployments(changed.Deployments, record.Deployments))
        {
            // Another key, upstream or account: what was learnt about the old one (a 401, say) no longer holds.
            await Health(updated).ResetAsync();
            board.Forget(HealthBoard.KeyOf(updated));
        }

        return TypedResults.Ok(ProviderKeyResponse.From(updated, await HealthAsync(updated)));
    }

    /// <summary>The cluster's view of the key's health.</summary>
    public Task<ProviderHealth> HealthAsync(ProviderKeyRecord record) => Health(record).GetAsync();

    private IProviderHealthGrain Health(ProviderKeyRecord record) => grains.GetGrain<IProviderHealthGrain>(GrainKeys.ProviderHealth(record.TenantId, record.Id));

    /// <summary>
    /// Deletes a provider key: it needs the pool key of the record's pool at its version, like any change; the
    /// root (or its console session) may also delete a record nobody can open (stranded, or altered in storage).
    /// </summary>
    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(UnlockedKey caller, string id)
    {
        if (!RandomIds.IsKeyId(id))
        {
            return NotFound(id);
        }

        if (await ReadAsync(caller, id) is { } record && !TenantAuthority.IsRoot(caller))
        {
            using var poolKey = caller.OpenPoolKey(record.Pool, record.PoolVersion);
            if (poolKey is null)
            {
                return NoSlot(record.Pool);
            }
        }

        if (!await Tenant(caller).RemoveProviderKeyAsync(id))
        {
            return NotFound(id);
        }

        await ProviderKey(caller, id).DeleteAsync();
        return TypedResults.NoContent();
    }

    public static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No provider key has the id '{id}'.");

    /// <summary>A ciphertext placeholder for a record about to be sealed.</summary>
    private static readonly SealedSecret NotSealed = new([], []);

    private Task<ProviderKeyRecord?> ReadAsync(UnlockedKey caller, string id) =>
        RandomIds.IsKeyId(id) ? ProviderKey(caller, id).GetAsync() : Task.FromResult<ProviderKeyRecord?>(null);

    /// <summary>
    /// The root (and its console session) sees every provider key; any other key those of pools it holds (now, or at
    /// the record's version).
    /// </summary>
    private static bool MaySee(UnlockedKey caller, TenantVault? vault, ProviderKeyRecord record) =>
        TenantAuthority.IsRoot(caller)
        || caller.Record.FindSlot(record.Pool, record.PoolVersion) is not null
        || (vault is not null && vault.Pools.TryGetValue(record.Pool, out var current) && caller.Record.FindSlot(record.Pool, current) is not null);

    private static SecretBuffer Utf8(string apiKey)
    {
        var plaintext = new SecretBuffer(Encoding.UTF8.GetByteCount(apiKey));
        Encoding.UTF8.GetBytes(apiKey, plaintext.Span);
        return plaintext;
    }

    private static ProblemHttpResult NoSlot(string pool) =>
        Problems.Forbidden($"This key holds no slot for the current version of pool '{pool}', so it cannot encrypt or decrypt its provider keys.");

    private static ProblemHttpResult Unverified(string id, bool readable) => Problems.Conflict(
        $"The provider key '{id}' has no verified destination (" + (readable
            ? "it was stored before destination binding and its base URL is not its provider's official one"
            : "its stored record no longer matches its ciphertext") +
        "). Send 'base_url' and 'provider'" + (readable ? "" : " and 'api_key'") + " in this PATCH to confirm where it may be sent.");

    /// <summary>The last 4 characters; for a key shorter than 12 characters they would give most of it away, so none.</summary>
    private static string Fingerprint(string apiKey) => apiKey.Length >= MinFingerprintedLength ? apiKey[^4..] : "****";

    private const int MinFingerprintedLength = 12;

    private ITenantGrain Tenant(UnlockedKey caller) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));

    private IProviderKeyGrain ProviderKey(UnlockedKey caller, string id) => grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(caller.TenantId, id));
}
