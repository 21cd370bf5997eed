using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>
/// The home lookup with tenants moved "elsewhere" by the test (the replicated home_region column is rg-core's); every
/// other tenant is asked of its real grain. Counts the lookups, so a test can tell that one region never asks.
/// </summary>
internal sealed class TestTenantHomes(IGrainFactory grains) : ITenantHomeLookup
{
    private readonly GrainTenantHomeLookup _real = new(grains);
    private readonly ConcurrentDictionary<string, string> _elsewhere = new(StringComparer.Ordinal);
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public void Home(string tenantId, string region) => _elsewhere[tenantId] = region;

    public Task<string> GetHomeRegionAsync(string tenantId)
    {
        Interlocked.Increment(ref _lookups);
        return _elsewhere.TryGetValue(tenantId, out var home) ? Task.FromResult(home) : _real.GetHomeRegionAsync(tenantId);
    }
}
