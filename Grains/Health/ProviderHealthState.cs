using XaiRouter.Grains.Abstractions.Health;

namespace XaiRouter.Grains.Health;

/// <summary>
/// One circuit breaker and its passive statistics: of a provider key as a whole, or of one model of it
/// (<see cref="ProviderKeyHealth"/> holds both and decides which a failure concerns). Not thread-safe: callers serialize.
/// </summary>
/// <remarks>
/// The circuit opens after <see cref="FailuresToOpen"/> failures in a row, or when at least half of the last
/// <see cref="Window"/> outcomes failed (with <see cref="MinSamples"/> or more); after <see cref="OpenCooldown"/> it
/// lets one probe request through at a time, which closes it or opens it again. A 429 cools the key down for its
/// <c>Retry-After</c> (or <see cref="RateLimitCooldown"/>); a 401/403 for <see cref="MisconfiguredCooldown"/>.
/// </remarks>
public sealed class ProviderHealthState
{
    public const int FailuresToOpen = 3;
    public const int Window = 20;
    public const int MinSamples = 10;
    public const double ErrorRateToOpen = 0.5;
    public static readonly TimeSpan OpenCooldown = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RateLimitCooldown = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MisconfiguredCooldown = TimeSpan.FromMinutes(10);

    private const double LatencyWeight = 0.3;

    private readonly bool[] _failures = new bool[Window];
    private int _samples;
    private int _next;
    private int _failed;
    private double? _latencyMs;
    private int _consecutive;
    private CircuitState _state;
    private DateTimeOffset _until;
    private bool _probing;

    /// <summary>Requests in flight from this process (least-busy routing); maintained by the caller.</summary>
    public int InFlight { get; set; }

    public double? LatencyMs => _latencyMs;

    public CircuitState State => _state;

    public void Record(HealthSample sample)
    {
        _probing = false;
        switch (sample.Outcome)
        {
            case ProviderOutcome.Success:
                Push(failed: false);
                if (sample.LatencyMs is { } latency)
                {
                    _latencyMs = _latencyMs is { } average ? average + (LatencyWeight * (latency - average)) : latency;
                }

                _consecutive = 0;
                _state = CircuitState.Closed;
                break;
            case ProviderOutcome.Failure:
                Push(failed: true);
                _consecutive++;
                if (_state == CircuitState.HalfOpen || _consecutive >= FailuresToOpen || (_samples >= MinSamples && (double)_failed / _samples >= ErrorRateToOpen))
                {
                    Enter(CircuitState.Open, sample.At + OpenCooldown);
                }

                break;
            case ProviderOutcome.RateLimited:
                Enter(CircuitState.Cooldown, sample.CooldownUntil ?? (sample.At + RateLimitCooldown));
                break;
            case ProviderOutcome.Misconfigured:
                Enter(CircuitState.Misconfigured, sample.At + MisconfiguredCooldown);
                break;
        }
    }

    /// <summary>Whether a request may be sent now (a half-open circuit: only when no probe is out).</summary>
    public bool IsAvailable(DateTimeOffset now) => _state == CircuitState.Closed || (now >= _until && !_probing);

    /// <summary>Claims an attempt: after a cooldown, the attempt is the probe that decides.</summary>
    public bool TryBegin(DateTimeOffset now)
    {
        if (!IsAvailable(now))
        {
            return false;
        }

        if (_state != CircuitState.Closed)
        {
            _state = CircuitState.HalfOpen;
            _probing = true;
        }

        return true;
    }

    /// <summary>An attempt ended without saying anything about the key (the client went away).</summary>
    public void Abandon() => _probing = false;

    /// <summary>Adopts what the cluster knows and this process does not: a longer cooldown, a first latency.</summary>
    public void Merge(ProviderHealth cluster, DateTimeOffset now)
    {
        _latencyMs ??= cluster.LatencyMs;
        if (cluster.State is CircuitState.Open or CircuitState.Cooldown or CircuitState.Misconfigured
            && cluster.CooldownUntil is { } until && until > now && (_state == CircuitState.Closed || until > _until))
        {
            Enter(cluster.State, until);
        }
    }

    public ProviderHealth Snapshot(DateTimeOffset now)
    {
        var state = _state is CircuitState.Open or CircuitState.Cooldown or CircuitState.Misconfigured && now >= _until
            ? (_state == CircuitState.Open ? CircuitState.HalfOpen : CircuitState.Closed)
            : _state;
        return new ProviderHealth(state, _samples == 0 ? 0 : (double)_failed / _samples, _latencyMs,
            state is CircuitState.Closed or CircuitState.HalfOpen ? null : _until, _consecutive);
    }

    private void Enter(CircuitState state, DateTimeOffset until)
    {
        _state = state;
        _until = until;
    }

    private void Push(bool failed)
    {
        if (_samples == Window)
        {
            _failed -= _failures[_next] ? 1 : 0;
        }
        else
        {
            _samples++;
        }

        _failures[_next] = failed;
        _failed += failed ? 1 : 0;
        _next = (_next + 1) % Window;
    }
}
