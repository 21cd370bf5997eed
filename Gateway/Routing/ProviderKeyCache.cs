using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// The tenants' provider key records (ciphertext and metadata only), kept in the gateway so that routing needs
/// no grain call. Every change of a provider key moves the tenant's <see cref="TenantVault.ProviderKeysEpoch"/>,
/// which the request has just read with the tenant's vault, so a stale copy is never used.
/// </summary>
/// <remarks>
/// A new epoch is read once: the requests that meet it together share one read of the tenant's provider key grains
/// (single-flight per tenant and epoch) instead of each reading every key.
/// </remarks>
internal sealed class ProviderKeyCache(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>Tenant ids and their records, for the liveness prober.</summary>
    public IEnumerable<ProviderKeyRecord> All => _tenants.Values.SelectMany(e => e.Records);

    /// <summary>Tenants whose records are held, and how many records (operator tooling).</summary>
    public (int Tenants, int Records) Sizes => (_tenants.Count, _tenants.Values.Sum(static e => e.Records.Length));

    /// <summary>How many times the records of a tenant's epoch were read from the grains (tests count them).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    public ValueTask<ImmutableArray<ProviderKeyRecord>> GetAsync(TenantVault vault)
    {
        if (_tenants.TryGetValue(vault.TenantId, out var cached) && cached.Matches(vault))
        {
            return new ValueTask<ImmutableArray<ProviderKeyRecord>>(cached.Records);
        }

        return new ValueTask<ImmutableArray<ProviderKeyRecord>>(JoinOrStart(vault));
    }

    /// <summary>The read of this tenant's epoch under way, or a new one.</summary>
    private Task<ImmutableArray<ProviderKeyRecord>> JoinOrStart(TenantVault vault)
    {
        while (true)
        {
            var current = _flights.TryGetValue(vault.TenantId, out var existing) ? existing : null;
            if (current is not null && current.Epoch == vault.ProviderKeysEpoch && current.Ids == vault.ProviderKeyIds.Length)
            {
                return current.Result.Task;
            }

            var mine = new Flight(vault.ProviderKeysEpoch, vault.ProviderKeyIds.Length);
            if (current is null ? _flights.TryAdd(vault.TenantId, mine) : _flights.TryUpdate(vault.TenantId, mine, current))
            {
                _ = ReadAsync(vault, mine);
                return mine.Result.Task;
            }
        }
    }

    private async Task ReadAsync(TenantVault vault, Flight flight)
    {
        Interlocked.Increment(ref _reads);
        try
        {
            var reads = vault.ProviderKeyIds.Select(id => grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(vault.TenantId, id)).GetAsync());
            var records = (await Task.WhenAll(reads)).OfType<ProviderKeyRecord>().ToImmutableArray();
            _tenants[vault.TenantId] = new Entry(flight.Epoch, flight.Ids, records);
            _flights.TryRemove(KeyValuePair.Create(vault.TenantId, flight));
            flight.Result.SetResult(records);
        }
        catch (Exception exception)
        {
            // Every waiter gets the failure, as each would have by reading itself; the next request reads again.
            _flights.TryRemove(KeyValuePair.Create(vault.TenantId, flight));
            flight.Result.SetException(exception);
        }
    }

    private sealed record Entry(long Epoch, int Ids, ImmutableArray<ProviderKeyRecord> Records)
    {
        public bool Matches(TenantVault vault) => Epoch == vault.ProviderKeysEpoch && Ids == vault.ProviderKeyIds.Length;
    }

    /// <summary>One read of a tenant's provider keys at one epoch, shared by every request that needs it meanwhile.</summary>
    private sealed class Flight(long epoch, int ids)
    {
        public long Epoch { get; } = epoch;

        public int Ids { get; } = ids;

        public TaskCompletionSource<ImmutableArray<ProviderKeyRecord>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
