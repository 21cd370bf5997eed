namespace XaiRouter.Gateway.Security;

/// <summary>
/// The gateway's copy of the records every request reads: access-key records (verifier, salt, keyslots, policy)
/// and tenant vault indexes (ids, versions, settings). Ciphertext and policy only, as the architecture allows.
/// A copy is used for at most <see cref="MaxAge"/> after its read started, so a revocation or policy change made
/// through any other gateway is seen here within that time (the cluster-wide bound is 1 s); a change made through
/// this gateway is seen at once, because every management write empties the cache (<see cref="InvalidateAll"/>).
/// A change another region's revocation feed reports is seen at once too: that copy alone is forgotten
/// (<see cref="ForgetKey"/>, <see cref="ForgetVault"/>, through <see cref="PeerChangeCacheEviction"/>).
/// </summary>
/// <remarks>
/// Reads are single-flight and ahead of expiry (<see cref="RecordTable{T}"/>): one grain read per id at a time,
/// shared by every request that wants it, started in the background by the first request that uses a copy older
/// than <see cref="RefreshAfter"/>; under steady traffic requests never wait for a grain, and all connections no
/// longer read the same record at the same moment every <see cref="MaxAge"/>.
/// A key id that has no record is remembered as unknown just as long (in a table of its own, so junk ids can never
/// push real keys out): a repeated unknown id then takes the same path as a repeated known one (a cache hit, no grain
/// call), and its refusal cannot be told from a wrong secret's by its time. A key created through another gateway
/// is refused here for at most <see cref="MaxAge"/> only if its id was asked for before it existed, which a random
/// 96-bit id never is.
/// </remarks>
internal sealed partial class RecordCache
{
    /// <summary>Under the 1 s bound with room for the request that reads it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(750);

    /// <summary>
    /// A copy at least this old is still used, and starts one background read (its last third of life: a read
    /// takes well under the 250 ms left, so a busy id is always answered from a valid copy).
    /// </summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>Past this many entries a table starts over (known records and unknown ids are counted apart).</summary>
    public const int MaxEntries = 100_000;

    private readonly RecordTable<AccessKeyRecord> _keys;
    private readonly RecordTable<TenantVault> _vaults;
    private readonly AuthenticationMetrics? _metrics;
    private long _generation;
    private long _grainReads;
    private long _keyLookups;
    private long _forgets;

    /// <summary>A cache that exports no metrics (it still counts <see cref="GrainReads"/>).</summary>
    public RecordCache(IGrainFactory grains, TimeProvider timeProvider)
        : this(grains, timeProvider, null)
    {
    }

    public RecordCache(IGrainFactory grains, TimeProvider timeProvider, AuthenticationMetrics? metrics)
        : this(grains, timeProvider, metrics, null)
    {
    }

    public RecordCache(IGrainFactory grains, TimeProvider timeProvider, AuthenticationMetrics? metrics, ILogger<RecordCache>? logger)
    {
        _metrics = metrics;
        var log = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _keys = new RecordTable<AccessKeyRecord>(id => grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(id)).GetAsync(), rememberUnknown: true,
            timeProvider, CountKeyRead, (id, exception) => LogRefreshFailed(log, "access key", id, exception.GetType().Name, exception.Message));
        _vaults = new RecordTable<TenantVault>(id => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(id)).GetVaultAsync(), rememberUnknown: false,
            timeProvider, static _ => { }, (id, exception) => LogRefreshFailed(log, "tenant vault", id, exception.GetType().Name, exception.Message));
    }

    public ValueTask<AccessKeyRecord?> GetKeyAsync(string keyId) => _keys.GetAsync(keyId, Generation);

    public ValueTask<TenantVault?> GetVaultAsync(string tenantId) => _vaults.GetAsync(tenantId, Generation);

    /// <summary>How many times the copies were forgotten (tests observe which requests empty the cache).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How many access-key records this cache read from their grains (tests observe the path a key id takes).</summary>
    public long GrainReads => Interlocked.Read(ref _grainReads);

    /// <summary>The grain read of access key <paramref name="keyId"/> under way, if any (tests wait for a background refresh).</summary>
    internal Task? PendingKeyRead(string keyId) => _keys.PendingRead(keyId);

    /// <summary>Access-key lookups since start, grain reads or not (operator tooling: hit ratio).</summary>
    public long KeyLookups => Interlocked.Read(ref _keyLookups);

    /// <summary>Access-key records held, ids remembered as unknown, tenant vaults held.</summary>
    public (int Keys, int UnknownKeyIds, int Vaults) Sizes => (_keys.Count, _keys.UnknownCount, _vaults.Count);

    /// <summary>Forgets every copy: a management write went through this gateway.</summary>
    public void InvalidateAll() => Interlocked.Increment(ref _generation);

    /// <summary>Forgets the copy of access key <paramref name="keyId"/>: another region changed (or revoked) it.</summary>
    public void ForgetKey(string keyId)
    {
        _keys.Forget(keyId);
        Interlocked.Increment(ref _forgets);
    }

    /// <summary>Forgets the copy of tenant <paramref name="tenantId"/>'s vault: another region changed it.</summary>
    public void ForgetVault(string tenantId)
    {
        _vaults.Forget(tenantId);
        Interlocked.Increment(ref _forgets);
    }

    /// <summary>How many single copies were forgotten (tests observe what the revocation feed does here).</summary>
    public long Forgets => Interlocked.Read(ref _forgets);

    /// <summary>Access-key lookups count in <see cref="GrainReads"/> and the metrics: one grain read per read started, a cache read otherwise.</summary>
    private void CountKeyRead(bool fromGrain)
    {
        Interlocked.Increment(ref _keyLookups);
        if (fromGrain)
        {
            Interlocked.Increment(ref _grainReads);
        }

        _metrics?.RecordRead(fromGrain);
    }

    [LoggerMessage(EventId = EventIds.RecordRefreshFailed, EventName = nameof(EventIds.RecordRefreshFailed), Level = LogLevel.Warning,
        Message = "Refreshing the cached {Kind} {Id} failed ({ErrorType}: {Error}); the copy ages out and the next request reads it again")]
    private static partial void LogRefreshFailed(ILogger logger, string kind, string id, string errorType, string error);
}
