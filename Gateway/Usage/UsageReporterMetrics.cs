using System.Diagnostics.Metrics;
using XaiRouter.Gateway.Limits;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// What the usage reporter could not settle normally, on the gateway's meter: <c>xai.usage.records_set_aside</c>
/// (records the ledger refused deterministically, logged at Error instead of retried for ever) and
/// <c>xai.usage.requests_refused</c> (requests refused with 503 while the unacknowledged backlog was at its bound),
/// and <c>xai.usage.settlement_lag</c> (how late usage reaches the ledgers).
/// Totals are kept for tests.
/// </summary>
internal sealed class UsageReporterMetrics
{
    private readonly Counter<long> _setAside;
    private readonly Counter<long> _refused;
    private readonly Histogram<double> _lag;
    private long _setAsideTotal;

    public UsageReporterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(AdmissionMetrics.MeterName);
        _setAside = meter.CreateCounter<long>("xai.usage.records_set_aside", description: "Usage records the ledger refused deterministically, logged instead of retried.");
        _refused = meter.CreateCounter<long>("xai.usage.requests_refused", description: "Requests refused (503) while unacknowledged usage was at Usage:MaxPendingRecords.");
        _lag = meter.CreateHistogram("xai.usage.settlement_lag", "s", "From a request's start to its usage settled in the tenant's ledger (the oldest record of each batch).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
    }

    public long SetAsideTotal => Interlocked.Read(ref _setAsideTotal);

    public void SetAside()
    {
        Interlocked.Increment(ref _setAsideTotal);
        _setAside.Add(1);
    }

    public void Refused() => _refused.Add(1);

    /// <summary>A batch was settled, <paramref name="lag"/> after its oldest request started.</summary>
    public void Settled(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));
}
