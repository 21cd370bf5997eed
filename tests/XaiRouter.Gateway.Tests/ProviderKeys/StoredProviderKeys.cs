using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// Reaches provider key records the way an attacker on the silo port would: straight through the cluster's grain
/// factory, no access key; and seals legacy records with the root key's pool key, as the code before binding did.
/// </summary>
public static class StoredProviderKeys
{
    public const string SecurityEventId = "[2070]";

    public static Task<ProviderKeyRecord?> GetAsync(GatewayFactory factory, string tenantId, string id) =>
        Grains(factory).GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(tenantId, id)).GetAsync();

    /// <summary>Stores <paramref name="record"/> directly in its grain and tells the gateways to reload (as an attacker would).</summary>
    public static async Task SaveDirectlyAsync(GatewayFactory factory, ProviderKeyRecord record)
    {
        await Grains(factory).GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(record.TenantId, record.Id)).SaveAsync(record);
        await Grains(factory).GetGrain<ITenantGrain>(GrainKeys.Tenant(record.TenantId)).TouchProviderKeysAsync();

        // The gateway would see the change within RecordCache.MaxAge; the test does not wait for it.
        factory.Services.GetRequiredService<XaiRouter.Gateway.Security.RecordCache>().InvalidateAll();
    }

    /// <summary>Re-seals a stored record in the legacy (v1) format, with the tenant's root key.</summary>
    public static async Task<ProviderKeyRecord> SealLegacyAsync(GatewayFactory factory, TenantSession tenant, ProviderKeyRecord record, string apiKey)
    {
        using var root = await UnlockRootAsync(factory, tenant);
        using var poolKey = root.OpenPoolKey(record.Pool, record.PoolVersion)!;
        var legacy = ProviderKeyCipher.SealLegacy(poolKey.Span, record.TenantId, record.Id, record.Pool, record.PoolVersion, System.Text.Encoding.UTF8.GetBytes(apiKey));
        return record with { Key = legacy, Format = ProviderKeyFormat.LegacyV1 };
    }

    /// <summary>Re-seals a record bound to its (changed) fields with the tenant's root key, as a PATCH by a pool holder would.</summary>
    public static async Task<ProviderKeyRecord> SealBoundAsync(GatewayFactory factory, TenantSession tenant, ProviderKeyRecord record, string apiKey)
    {
        using var root = await UnlockRootAsync(factory, tenant);
        using var poolKey = root.OpenPoolKey(record.Pool, record.PoolVersion)!;
        return ProviderKeyCipher.Seal(poolKey.Span, record, System.Text.Encoding.UTF8.GetBytes(apiKey));
    }

    /// <summary>Gives the root key a second slot holding the same pool key under another version number.</summary>
    public static async Task AddSlotAliasAsync(GatewayFactory factory, TenantSession tenant, string pool, int version, int aliasVersion)
    {
        using var root = await UnlockRootAsync(factory, tenant);
        using var poolKey = root.OpenPoolKey(pool, version)!;
        var slot = root.WrapSlot(pool, aliasVersion, poolKey.Span);
        var grain = Grains(factory).GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(root.Record.KeyId));
        Assert.NotNull(await grain.ReplaceSlotsAsync(root.Record.Version, root.Record.Slots.Add(slot)));
    }

    public static IEnumerable<string> SecurityEvents(GatewayFactory factory, string providerKeyId) =>
        factory.Logs.Messages.Where(m => m.Contains(SecurityEventId, StringComparison.Ordinal) && m.Contains(providerKeyId, StringComparison.Ordinal));

    private static async Task<UnlockedKey> UnlockRootAsync(GatewayFactory factory, TenantSession tenant)
    {
        var secret = new byte[32];
        Assert.True(AccessKeyFormat.TryParse(tenant.Key, secret, out var keyId));
        var credential = await Grains(factory).GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId!)).GetAsync();
        return factory.Services.GetRequiredService<KeyVault>().Verify(credential!, secret)!;
    }

    private static IGrainFactory Grains(GatewayFactory factory) => factory.Services.GetRequiredService<IGrainFactory>();
}
