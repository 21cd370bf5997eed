using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// The gateway's copy of the records every request reads: access-key records (verifier, salt, keyslots, policy)
/// and tenant vault indexes (ids, versions, settings). Ciphertext and policy only, as the architecture allows.
/// A copy is used for at most <see cref="MaxAge"/>, so a revocation or policy change made through any other
/// gateway is seen here within that time (the cluster-wide bound is 1 s); a change made through this gateway is
/// seen at once, because every management write empties the cache (<see cref="InvalidateAll"/>).
/// </summary>
internal sealed class RecordCache(IGrainFactory grains, TimeProvider timeProvider)
{
    /// <summary>Under the 1 s bound with room for the request that reads it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(750);

    /// <summary>Past this many entries the cache starts over (unknown ids are never cached, so this is real keys).</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry<AccessKeyRecord>> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<TenantVault>> _vaults = new(StringComparer.Ordinal);
    private long _generation;

    public ValueTask<AccessKeyRecord?> GetKeyAsync(string keyId) =>
        GetAsync(_keys, keyId, id => grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(id)).GetAsync());

    public ValueTask<TenantVault?> GetVaultAsync(string tenantId) =>
        GetAsync(_vaults, tenantId, id => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(id)).GetVaultAsync());

    /// <summary>How many times the copies were forgotten (tests observe which requests empty the cache).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Forgets every copy: a management write went through this gateway.</summary>
    public void InvalidateAll() => Interlocked.Increment(ref _generation);

    private async ValueTask<T?> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> entries, string id, Func<string, Task<T?>> load)
        where T : class
    {
        // The generation is taken before the read: a copy read across an invalidation is never used afterwards.
        var generation = Interlocked.Read(ref _generation);
        if (entries.TryGetValue(id, out var entry) && entry.Generation == generation && timeProvider.GetElapsedTime(entry.LoadedAt) < MaxAge)
        {
            return entry.Value;
        }

        var loadedAt = timeProvider.GetTimestamp();
        var value = await load(id);
        if (value is null)
        {
            entries.TryRemove(id, out _);
            return null;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[id] = new Entry<T>(value, generation, loadedAt);
        return value;
    }

    private sealed record Entry<T>(T Value, long Generation, long LoadedAt);
}
