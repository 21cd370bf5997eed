using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Telemetry;

/// <summary>
/// Admits at most <see cref="Capacity"/> distinct values of a metric label that someone else chooses (the model an
/// upstream says answered): every distinct value is a time series kept for the process's life, so a hostile or
/// broken upstream naming a new model in each answer would otherwise grow the meter's state, the /metrics page and
/// the operator's metrics store without bound. Later newcomers, and values with control characters, become
/// <see cref="Other"/>.
/// </summary>
internal sealed class BoundedLabelValues(int capacity)
{
    /// <summary>The OpenTelemetry conventions' value for "something else".</summary>
    public const string Other = "_OTHER";

    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    /// <summary><paramref name="value"/> itself when admitted (already, or now while there is room), else <see cref="Other"/>.</summary>
    public string Admit(string value)
    {
        if (_admitted.ContainsKey(value))
        {
            return value;
        }

        if (_admitted.Count >= Capacity || TelemetryText.HasControlCharacters(value))
        {
            return Other;
        }

        // Two threads may both pass the count check: the set then exceeds the capacity by a few, never by more.
        _admitted.TryAdd(value, true);
        return value;
    }
}
