using System.Diagnostics.Metrics;

namespace XaiRouter.Gateway.Limits;

/// <summary>
/// How admissions were decided: from a lease in this gateway, or by a grain call. Exported as
/// <c>xai.admission.decisions</c> (tag <c>path</c>: <c>lease</c> or <c>grain</c>) and kept as totals for tests.
/// </summary>
internal sealed class AdmissionMetrics
{
    public const string MeterName = "XaiRouter.Gateway";

    /// <summary>The Gateway's <see cref="System.Diagnostics.ActivitySource"/>: one span per request, one per upstream attempt.</summary>
    public const string ActivitySourceName = MeterName;

    private readonly Counter<long> _decisions;
    private long _lease;
    private long _grain;

    public AdmissionMetrics(IMeterFactory meters)
    {
        _decisions = meters.Create(MeterName).CreateCounter<long>("xai.admission.decisions", description: "Limit-scope admissions by how they were decided.");
    }

    public long LeaseDecisions => Interlocked.Read(ref _lease);

    public long GrainDecisions => Interlocked.Read(ref _grain);

    public void FromLease()
    {
        Interlocked.Increment(ref _lease);
        _decisions.Add(1, new KeyValuePair<string, object?>("path", "lease"));
    }

    public void FromGrain()
    {
        Interlocked.Increment(ref _grain);
        _decisions.Add(1, new KeyValuePair<string, object?>("path", "grain"));
    }
}
