using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// The gateway's copy of the records every request reads: access-key records (verifier, salt, keyslots, policy)
/// and tenant vault indexes (ids, versions, settings). Ciphertext and policy only, as the architecture allows.
/// A copy is used for at most <see cref="MaxAge"/>, so a revocation or policy change made through any other
/// gateway is seen here within that time (the cluster-wide bound is 1 s); a change made through this gateway is
/// seen at once, because every management write empties the cache (<see cref="InvalidateAll"/>).
/// </summary>
/// <remarks>
/// A key id that has no record is remembered as unknown just as long (in a table of its own, so junk ids can never
/// push real keys out): a repeated unknown id then takes the same path as a repeated known one (a cache hit, no grain
/// call), and its refusal cannot be told from a wrong secret's by its time. A key created through another gateway
/// is refused here for at most <see cref="MaxAge"/> only if its id was asked for before it existed, which a random
/// 96-bit id never is.
/// </remarks>
internal sealed class RecordCache(IGrainFactory grains, TimeProvider timeProvider, AuthenticationMetrics? metrics)
{
    /// <summary>A cache that exports no metrics (it still counts <see cref="GrainReads"/>).</summary>
    public RecordCache(IGrainFactory grains, TimeProvider timeProvider)
        : this(grains, timeProvider, null)
    {
    }

    /// <summary>Under the 1 s bound with room for the request that reads it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(750);

    /// <summary>Past this many entries a table starts over (known records and unknown ids are counted apart).</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry<AccessKeyRecord>> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<AccessKeyRecord>> _unknownKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<TenantVault>> _vaults = new(StringComparer.Ordinal);
    private long _generation;
    private long _grainReads;

    public ValueTask<AccessKeyRecord?> GetKeyAsync(string keyId) =>
        GetAsync(_keys, _unknownKeys, keyId, id => grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(id)).GetAsync(), countReads: true);

    public ValueTask<TenantVault?> GetVaultAsync(string tenantId) =>
        GetAsync(_vaults, null, tenantId, id => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(id)).GetVaultAsync(), countReads: false);

    /// <summary>How many times the copies were forgotten (tests observe which requests empty the cache).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How many access-key records this cache read from their grains (tests observe the path a key id takes).</summary>
    public long GrainReads => Interlocked.Read(ref _grainReads);

    /// <summary>Forgets every copy: a management write went through this gateway.</summary>
    public void InvalidateAll() => Interlocked.Increment(ref _generation);

    /// <param name="entries">The known records.</param>
    /// <param name="unknown">Where ids without a record are remembered; <see langword="null"/>: they are not.</param>
    /// <param name="id">The key or tenant id.</param>
    /// <param name="load">Reads the record from its grain.</param>
    /// <param name="countReads">Count the read (access-key records: <see cref="GrainReads"/> and the metrics).</param>
    private async ValueTask<T?> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> entries, ConcurrentDictionary<string, Entry<T>>? unknown, string id,
        Func<string, Task<T?>> load, bool countReads)
        where T : class
    {
        // The generation is taken before the read: a copy read across an invalidation is never used afterwards.
        var generation = Interlocked.Read(ref _generation);
        if ((entries.TryGetValue(id, out var entry) || (unknown is not null && unknown.TryGetValue(id, out entry)))
            && entry.Generation == generation && timeProvider.GetElapsedTime(entry.LoadedAt) < MaxAge)
        {
            if (countReads)
            {
                metrics?.RecordRead(fromGrain: false);
            }

            return entry.Value;
        }

        var loadedAt = timeProvider.GetTimestamp();
        if (countReads)
        {
            Interlocked.Increment(ref _grainReads);
            metrics?.RecordRead(fromGrain: true);
        }

        var value = await load(id);
        var table = value is null ? unknown : entries;
        (value is null ? entries : unknown)?.TryRemove(id, out _);
        if (table is null)
        {
            return value;
        }

        if (table.Count >= MaxEntries)
        {
            table.Clear();
        }

        table[id] = new Entry<T>(value, generation, loadedAt);
        return value;
    }

    private sealed record Entry<T>(T? Value, long Generation, long LoadedAt)
        where T : class;
}
