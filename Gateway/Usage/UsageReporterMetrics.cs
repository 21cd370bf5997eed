using System.Diagnostics.Metrics;
using XaiRouter.Gateway.Limits;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// What the usage reporter could not settle normally, on the gateway's meter: <c>xai.usage.records_set_aside</c>
/// (records the ledger refused deterministically, logged at Error instead of retried for ever) and
/// <c>xai.usage.requests_refused</c> (requests refused with 503 while the unacknowledged backlog was at its bound).
/// Totals are kept for tests.
/// </summary>
internal sealed class UsageReporterMetrics
{
    private readonly Counter<long> _setAside;
    private readonly Counter<long> _refused;
    private long _setAsideTotal;

    public UsageReporterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(AdmissionMetrics.MeterName);
        _setAside = meter.CreateCounter<long>("xai.usage.records_set_aside", description: "Usage records the ledger refused deterministically, logged instead of retried.");
        _refused = meter.CreateCounter<long>("xai.usage.requests_refused", description: "Requests refused (503) while unacknowledged usage was at Usage:MaxPendingRecords.");
    }

    public long SetAsideTotal => Interlocked.Read(ref _setAsideTotal);

    public void SetAside()
    {
        Interlocked.Increment(ref _setAsideTotal);
        _setAside.Add(1);
    }

    public void Refused() => _refused.Add(1);
}
