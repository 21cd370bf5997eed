using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// Every measurement of one Gateway's meters (its <see cref="IMeterFactory"/> is the meters' scope), with its
/// instrument. An OpenTelemetry meter provider selects meters by name, so in a test process running several Gateways
/// it would mix theirs (and lose series when another Gateway stops); this listener sees only the one Gateway's.
/// </summary>
public sealed class GatewayMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(Instrument Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = new();

    public GatewayMeasurements(IMeterFactory gatewayMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, gatewayMeters) && instrument.Meter.Name == "XaiRouter.Gateway")
            {
                Instruments.Add(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The Gateway's instruments on its meter "XaiRouter.Gateway".</summary>
    public ConcurrentBag<Instrument> Instruments { get; } = [];

    /// <summary>The measurements so far, observable instruments read now.</summary>
    public List<(Instrument Instrument, double Value, Dictionary<string, string?> Tags)> Read()
    {
        _listener.RecordObservableInstruments();
        return [.. _measurements];
    }

    public void Dispose() => _listener.Dispose();

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var kept = new Dictionary<string, string?>();
        foreach (var (name, tagValue) in tags)
        {
            kept[name] = tagValue is string[] values ? string.Join(',', values) : Convert.ToString(tagValue, System.Globalization.CultureInfo.InvariantCulture);
        }

        _measurements.Enqueue((instrument, value, kept));
    }
}
