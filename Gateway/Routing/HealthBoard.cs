using System.Collections.Concurrent;
using XaiRouter.Grains.Abstractions.Health;
using XaiRouter.Grains.Health;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// This gateway's view of every provider key's health, updated at once by each attempt (so a failing key is
/// avoided after a few failures, without waiting for the cluster), and merged with the cluster's view that
/// <see cref="HealthReporter"/> brings back.
/// </summary>
/// <remarks>
/// One entry per (tenant, provider key), holding the key's circuit and those of its failing models
/// (<see cref="ProviderKeyHealth"/>, which says which failures are whose): a routing decision looks up a tuple of
/// the strings it already has, and a model's circuit in a small dictionary, without building a string or allocating.
/// </remarks>
internal sealed class HealthBoard(RouterClock clock)
{
    private readonly ConcurrentDictionary<(string TenantId, string ProviderKeyId), ProviderKeyHealth> _keys = new();

    public static (string TenantId, string ProviderKeyId) KeyOf(ProviderKeyRecord record) => (record.TenantId, record.Id);

    public DateTimeOffset Now => clock.UtcNow;

    /// <summary>Whether the key as a whole may be sent requests now (whatever its models' circuits say).</summary>
    public bool IsAvailable(ProviderKeyRecord record) => IsAvailable(record, null);

    /// <summary>Whether <paramref name="model"/> may be sent to <paramref name="record"/> now.</summary>
    public bool IsAvailable(ProviderKeyRecord record, string? model)
    {
        var state = Get(record);
        lock (state)
        {
            return state.IsAvailable(model, clock.UtcNow);
        }
    }

    /// <summary>Claims an attempt of <paramref name="model"/> on <paramref name="record"/> (the probe of a half-open circuit) and counts it in flight.</summary>
    public bool TryBegin(ProviderKeyRecord record, string model)
    {
        var state = Get(record);
        lock (state)
        {
            if (!state.TryBegin(model, clock.UtcNow))
            {
                return false;
            }

            state.InFlight++;
            return true;
        }
    }

    /// <summary>Ends an attempt; <paramref name="sample"/> null when it said nothing about the key.</summary>
    /// <returns>Whether the key became misconfigured with it (it was not before), and how its circuits changed.</returns>
    public CircuitChange End(ProviderKeyRecord record, string model, HealthSample? sample)
    {
        var state = Get(record);
        lock (state)
        {
            state.InFlight--;
            var before = state.States(model);
            var misconfigured = state.End(model, sample);
            var after = state.States(model);
            return new CircuitChange(misconfigured, before.Key, after.Key, before.Model ?? CircuitState.Closed, after.Model ?? CircuitState.Closed);
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
        var state = _keys.GetOrAdd(key, static _ => new ProviderKeyHealth());
        lock (state)
        {
            state.Merge(cluster, clock.UtcNow);
        }
    }

    /// <summary>The circuit of every key this gateway knows, for the <c>xai.circuit.state</c> gauge (read at each export).</summary>
    public IEnumerable<(string TenantId, string ProviderKeyId, CircuitState State)> Circuits()
    {
        var now = clock.UtcNow;
        foreach (var (key, state) in _keys)
        {
            CircuitState circuit;
            lock (state)
            {
                circuit = state.Snapshot(now).State;
            }

            yield return (key.TenantId, key.ProviderKeyId, circuit);
        }
    }

    /// <summary>Forgets a key's local state, its models' included (it was changed).</summary>
    public void Forget((string TenantId, string ProviderKeyId) key) => _keys.TryRemove(key, out _);

    private ProviderKeyHealth Get(ProviderKeyRecord record) => _keys.GetOrAdd(KeyOf(record), static _ => new ProviderKeyHealth());
}
