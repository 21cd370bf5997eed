using System.Text;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Routing;
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
        return reason is null ? null : Problems.BadRequest($"'base_url' is refused: {reason}");
    }

    public async Task<Results<Created<ProviderKeyResponse>, ProblemHttpResult>> CreateAsync(UnlockedKey caller, ProviderKeyRequest body)
    {
        var pool = body.Pool ?? ITenantGrain.DefaultPool;
        var vault = await Tenant(caller).GetVaultAsync();
        if (vault is null || !vault.Pools.TryGetValue(pool, out var version))
        {
            return Problems.BadRequest($"'pool': the tenant has no pool '{pool}'.");
        }

        var id = RandomIds.NewKeyId();
        var sealedKey = Seal(caller, pool, version, id, body.ApiKey!);
        if (sealedKey is null)
        {
            return NoSlot(pool);
        }

        ProviderNames.TryParse(body.Provider, out var provider);
        var record = new ProviderKeyRecord(caller.TenantId, id, body.Name!, provider, body.BaseUrl!, [.. body.Models!.Select(m => m!)],
            pool, version, body.Weight ?? 1, body.Priority ?? 0, sealedKey, Fingerprint(body.ApiKey!), timeProvider.GetUtcNow(),
            body.Limits is { } limits ? LimitsJson.ReadLimits(limits).Limits : null);

        // The record first, then the index: an interrupted create leaves an unlisted record, never a listed hole.
        await ProviderKey(caller, id).SaveAsync(record);
        await Tenant(caller).AddProviderKeyAsync(id);
        return TypedResults.Created($"/x/provider-keys/{id}", ProviderKeyResponse.From(record, ProviderHealth.Unknown));
    }

    public async Task<IReadOnlyList<ProviderKeyRecord>> ListAsync(UnlockedKey caller)
    {
        var vault = await Tenant(caller).GetVaultAsync();
        if (vault is null)
        {
            return [];
        }

        var records = await Task.WhenAll(vault.ProviderKeyIds.Select(id => ProviderKey(caller, id).GetAsync()));
        return [.. records.OfType<ProviderKeyRecord>()];
    }

    /// <summary>Reads a provider key of the caller's tenant; ids of other tenants are simply not found.</summary>
    public Task<ProviderKeyRecord?> GetAsync(UnlockedKey caller, string id) =>
        RandomIds.IsKeyId(id) ? ProviderKey(caller, id).GetAsync() : Task.FromResult<ProviderKeyRecord?>(null);

    public async Task<Results<Ok<ProviderKeyResponse>, ProblemHttpResult>> UpdateAsync(UnlockedKey caller, string id, ProviderKeyRequest body)
    {
        if (await GetAsync(caller, id) is not { } record)
        {
            return NotFound(id);
        }

        var pool = body.Pool ?? record.Pool;
        var vault = await Tenant(caller).GetVaultAsync();
        if (vault is null || !vault.Pools.TryGetValue(pool, out var version))
        {
            return Problems.BadRequest($"'pool': the tenant has no pool '{pool}'.");
        }

        var updated = record with
        {
            Name = body.Name ?? record.Name,
            Provider = body.Provider is null ? record.Provider : ProviderNames.TryParse(body.Provider, out var kind) ? kind : record.Provider,
            BaseUrl = body.BaseUrl ?? record.BaseUrl,
            Models = body.Models is null ? record.Models : [.. body.Models.Select(m => m!)],
            Weight = body.Weight ?? record.Weight,
            Priority = body.Priority ?? record.Priority,
            Limits = body.Limits is { } limits ? LimitsJson.ReadLimits(limits).Limits : record.Limits,
        };

        if (body.ApiKey is not null || pool != record.Pool)
        {
            var resealed = body.ApiKey is not null ? Seal(caller, pool, version, id, body.ApiKey) : Reseal(caller, record, pool, version);
            if (resealed is null)
            {
                return NoSlot(body.ApiKey is null && pool != record.Pool ? $"{record.Pool}' and '{pool}" : pool);
            }

            updated = updated with
            {
                Pool = pool,
                PoolVersion = version,
                Key = resealed,
                Fingerprint = body.ApiKey is null ? record.Fingerprint : Fingerprint(body.ApiKey),
            };
        }

        await ProviderKey(caller, id).SaveAsync(updated);
        await Tenant(caller).TouchProviderKeysAsync();
        if (body.ApiKey is not null || body.BaseUrl is not null)
        {
            // Another key or another upstream: what was learnt about the old one (a 401, say) no longer holds.
            await Health(updated).ResetAsync();
            board.Forget(HealthBoard.KeyOf(updated));
        }

        return TypedResults.Ok(ProviderKeyResponse.From(updated, await HealthAsync(updated)));
    }

    /// <summary>The cluster's view of the key's health.</summary>
    public Task<ProviderHealth> HealthAsync(ProviderKeyRecord record) => Health(record).GetAsync();

    private IProviderHealthGrain Health(ProviderKeyRecord record) => grains.GetGrain<IProviderHealthGrain>(GrainKeys.ProviderHealth(record.TenantId, record.Id));

    public async Task<bool> DeleteAsync(UnlockedKey caller, string id)
    {
        if (!RandomIds.IsKeyId(id) || !await Tenant(caller).RemoveProviderKeyAsync(id))
        {
            return false;
        }

        await ProviderKey(caller, id).DeleteAsync();
        return true;
    }

    public static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No provider key has the id '{id}'.");

    /// <summary>Encrypts a plaintext provider key under the caller's pool key; null when the caller holds no slot.</summary>
    private static SealedSecret? Seal(UnlockedKey caller, string pool, int version, string id, string apiKey)
    {
        using var poolKey = caller.OpenPoolKey(pool, version);
        if (poolKey is null)
        {
            return null;
        }

        using var plaintext = new SecretBuffer(Encoding.UTF8.GetByteCount(apiKey));
        Encoding.UTF8.GetBytes(apiKey, plaintext.Span);
        return ProviderKeyCipher.Seal(poolKey.Span, caller.TenantId, id, pool, version, plaintext.Span);
    }

    /// <summary>Moves a stored provider key to another pool: decrypt with the old pool key, encrypt with the new one.</summary>
    private static SealedSecret? Reseal(UnlockedKey caller, ProviderKeyRecord record, string pool, int version)
    {
        using var plaintext = caller.DecryptProviderKey(record);
        using var poolKey = plaintext is null ? null : caller.OpenPoolKey(pool, version);
        return poolKey is null ? null : ProviderKeyCipher.Seal(poolKey.Span, caller.TenantId, record.Id, pool, version, plaintext!.Span);
    }

    private static ProblemHttpResult NoSlot(string pool) =>
        Problems.Forbidden($"This key holds no slot for the current version of pool '{pool}', so it cannot encrypt or decrypt its provider keys.");

    /// <summary>The last 4 characters; for a key shorter than 12 characters they would give most of it away, so none.</summary>
    private static string Fingerprint(string apiKey) => apiKey.Length >= MinFingerprintedLength ? apiKey[^4..] : "****";

    private const int MinFingerprintedLength = 12;

    private ITenantGrain Tenant(UnlockedKey caller) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));

    private IProviderKeyGrain ProviderKey(UnlockedKey caller, string id) => grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(caller.TenantId, id));
}
