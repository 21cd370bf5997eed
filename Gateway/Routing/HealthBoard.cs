using System.Collections.Concurrent;
using XaiRouter.Grains.Abstractions.Health;
using XaiRouter.Grains.Health;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// This gateway's view of every provider key's health, updated at once by each attempt (so a failing key is
/// avoided after a few failures, without waiting for the cluster), and merged with the cluster's view that
/// <see cref="HealthReporter"/> brings back.
/// </summary>
internal sealed class HealthBoard(RouterClock clock)
{
    private readonly ConcurrentDictionary<(string TenantId, string ProviderKeyId), ProviderHealthState> _keys = new();

    public static (string TenantId, string ProviderKeyId) KeyOf(ProviderKeyRecord record) => (record.TenantId, record.Id);

    public DateTimeOffset Now => clock.UtcNow;

    public bool IsAvailable(ProviderKeyRecord record)
    {
        var state = Get(record);
        lock (state)
        {
            return state.IsAvailable(clock.UtcNow);
        }
    }

    /// <summary>Claims an attempt on <paramref name="record"/> (the probe of a half-open circuit) and counts it in flight.</summary>
    public bool TryBegin(ProviderKeyRecord record)
    {
        var state = Get(record);
        lock (state)
        {
            if (!state.TryBegin(clock.UtcNow))
            {
                return false;
            }

            state.InFlight++;
            return true;
        }
    }

    /// <summary>Ends an attempt; <paramref name="sample"/> null when it said nothing about the key.</summary>
    public void End(ProviderKeyRecord record, HealthSample? sample)
    {
        var state = Get(record);
        lock (state)
        {
            state.InFlight--;
            if (sample is null)
            {
                state.Abandon();
            }
            else
            {
                state.Record(sample);
            }
        }
    }

    public int InFlight(ProviderKeyRecord record)
    {
        var state = Get(record);
        lock (state)
        {
            return state.InFlight;
        }
    }

    public double? LatencyMs(ProviderKeyRecord record)
    {
        var state = Get(record);
        lock (state)
        {
            return state.LatencyMs;
        }
    }

    public void Merge((string TenantId, string ProviderKeyId) key, ProviderHealth cluster)
    {
        var state = _keys.GetOrAdd(key, static _ => new ProviderHealthState());
        lock (state)
        {
            state.Merge(cluster, clock.UtcNow);
        }
    }

    /// <summary>Forgets a key's local state (it was changed).</summary>
    public void Forget((string TenantId, string ProviderKeyId) key) => _keys.TryRemove(key, out _);

    private ProviderHealthState Get(ProviderKeyRecord record) => _keys.GetOrAdd(KeyOf(record), static _ => new ProviderHealthState());
}
