using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Limits;

/// <summary>This gateway's leases, one per scope it has admitted requests for.</summary>
internal sealed class LeaseTable
{
    private readonly ConcurrentDictionary<string, LocalLease> _leases = new(StringComparer.Ordinal);

    public LocalLease Get(string grainKey) => _leases.GetOrAdd(grainKey, static _ => new LocalLease());

    public IEnumerable<KeyValuePair<string, LocalLease>> All => _leases;
}
