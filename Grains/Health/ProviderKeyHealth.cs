using XaiRouter.Grains.Abstractions.Health;

namespace XaiRouter.Grains.Health;

/// <summary>
/// The health of one provider key: a circuit for the key as a whole, and one for each model it failed on. Used for a
/// gateway's own view (<c>HealthBoard</c>) and the cluster's (<see cref="ProviderHealthGrain"/>). Not thread-safe:
/// callers serialize.
/// </summary>
/// <remarks>
/// What a failure closes depends on whose it is (<see cref="HealthSample.Model"/>): a connection that cannot be made
/// (refused, DNS, TLS) or credentials the upstream refuses (401/403) concern every model of the key; a 5xx, a
/// timeout, a dropped stream, a 404 for the model or a 429 of the model's own rate limit concern that model alone,
/// so the key's other models stay served. A success closes both. Only models the key is configured for reach it;
/// at most <see cref="MaxModels"/> circuits are not closed at once, failures of any further model count key-wide.
/// </remarks>
public sealed class ProviderKeyHealth
{
    /// <summary>Model circuits kept per key (closed ones are forgotten to make room); beyond, a model's failures count key-wide.</summary>
    public const int MaxModels = 256;

    private readonly ProviderHealthState _key = new();
    private readonly Dictionary<string, ProviderHealthState> _models = new(StringComparer.Ordinal);

    /// <summary>Requests in flight from this process (least-busy routing); maintained by the caller.</summary>
    public int InFlight { get; set; }

    public double? LatencyMs => _key.LatencyMs;

    /// <summary>The key's circuit, and <paramref name="model"/>'s when it has one (for logging a change).</summary>
    public (CircuitState Key, CircuitState? Model) States(string model) =>
        (_key.State, _models.TryGetValue(model, out var circuit) ? circuit.State : null);

    /// <summary>Whether <paramref name="model"/> may be sent to this key now.</summary>
    public bool IsAvailable(string? model, DateTimeOffset now) =>
        _key.IsAvailable(now) && (model is null || !_models.TryGetValue(model, out var circuit) || circuit.IsAvailable(now));

    /// <summary>Claims an attempt for <paramref name="model"/>: after a cooldown (the key's or the model's), it is the probe that decides.</summary>
    public bool TryBegin(string model, DateTimeOffset now)
    {
        _models.TryGetValue(model, out var circuit);
        if (!_key.IsAvailable(now) || (circuit is not null && !circuit.IsAvailable(now)))
        {
            return false;
        }

        _key.TryBegin(now);
        circuit?.TryBegin(now);
        return true;
    }

    /// <summary>An attempt for <paramref name="model"/> ended without saying anything (the client's side failed).</summary>
    public void Abandon(string model)
    {
        _key.Abandon();
        if (_models.TryGetValue(model, out var circuit))
        {
            circuit.Abandon();
        }
    }

    /// <summary>
    /// Ends an attempt for <paramref name="model"/> begun with <see cref="TryBegin"/>: the probes it held (the key's,
    /// the model's) are given back whatever it concerned, then <paramref name="sample"/> (null: it said nothing) is recorded.
    /// </summary>
    /// <returns>Whether the key became misconfigured with it (it was not before).</returns>
    public bool End(string model, HealthSample? sample)
    {
        Abandon(model);
        return sample is not null && Record(sample);
    }

    /// <returns>Whether the key became misconfigured with this sample (it was not before).</returns>
    public bool Record(HealthSample sample)
    {
        var wasMisconfigured = _key.State == CircuitState.Misconfigured;
        if (sample.Model is not { } model)
        {
            _key.Record(sample);
        }
        else if (sample.Outcome == ProviderOutcome.Success)
        {
            _key.Record(sample);
            if (_models.TryGetValue(model, out var circuit))
            {
                circuit.Record(sample);
            }
        }
        else
        {
            // The upstream answered (or was reached): the key itself is fine; a probe it held is given back. A model
            // without a circuit of its own (MaxModels reached) counts key-wide rather than nowhere.
            if (Model(model) is { } circuit)
            {
                _key.Abandon();
                circuit.Record(sample);
            }
            else
            {
                _key.Record(sample);
            }
        }

        return !wasMisconfigured && _key.State == CircuitState.Misconfigured;
    }

    /// <summary>Adopts what the cluster knows and this process does not, for the key and each model.</summary>
    public void Merge(ProviderHealth cluster, DateTimeOffset now)
    {
        _key.Merge(cluster, now);
        foreach (var (model, health) in cluster.Models ?? [])
        {
            Model(model)?.Merge(health, now);
        }
    }

    /// <summary>The key's circuit, with the circuits of models that are not closed.</summary>
    public ProviderHealth Snapshot(DateTimeOffset now)
    {
        var key = _key.Snapshot(now);
        ImmutableDictionary<string, ProviderHealth>.Builder? models = null;
        foreach (var (model, circuit) in _models)
        {
            var health = circuit.Snapshot(now);
            if (health.State != CircuitState.Closed)
            {
                (models ??= ImmutableDictionary.CreateBuilder<string, ProviderHealth>(StringComparer.Ordinal))[model] = health;
            }
        }

        return models is null ? key : key with { Models = models.ToImmutable() };
    }

    private ProviderHealthState? Model(string model)
    {
        if (!_models.TryGetValue(model, out var circuit) && (_models.Count < MaxModels || EvictClosed()))
        {
            _models[model] = circuit = new ProviderHealthState();
        }

        return circuit;
    }

    /// <summary>
    /// Makes room by forgetting one closed model circuit (a failure or two it had are lost), so the cap binds only when
    /// that many models are failing at once; entries are otherwise kept for good.
    /// </summary>
    private bool EvictClosed()
    {
        foreach (var (model, circuit) in _models)
        {
            if (circuit.State == CircuitState.Closed)
            {
                _models.Remove(model);
                return true;
            }
        }

        return false;
    }
}
