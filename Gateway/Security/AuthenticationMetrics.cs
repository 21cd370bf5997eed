using System.Diagnostics.Metrics;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// The work access-key authentication does, exported on the gateway's meter: <c>xai.auth.verifications</c> (one per
/// verifier derivation and comparison, whatever the outcome) and <c>xai.auth.record_reads</c> (tag <c>source</c>:
/// <c>grain</c> once per grain read started, <c>cache</c> for a lookup answered by a copy or by another request's
/// read; reads are single-flight, see <see cref="RecordTable{T}"/>). Equal counts for unknown key ids and wrong secrets are what keeps the two refusals
/// indistinguishable; tests count them here instead of timing requests.
/// </summary>
internal sealed class AuthenticationMetrics
{
    private static readonly KeyValuePair<string, object?> FromCache = new("source", "cache");
    private static readonly KeyValuePair<string, object?> FromGrain = new("source", "grain");

    private readonly Counter<long> _verifications;
    private readonly Counter<long> _recordReads;

    public AuthenticationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Limits.AdmissionMetrics.MeterName);
        _verifications = meter.CreateCounter<long>("xai.auth.verifications", description: "Access-key verifications (derive and compare), successful or not.");
        _recordReads = meter.CreateCounter<long>("xai.auth.record_reads", description: "Credential record reads by access-key authentication, by source.");
    }

    public void Verified() => _verifications.Add(1);

    public void RecordRead(bool fromGrain) => _recordReads.Add(1, fromGrain ? FromGrain : FromCache);
}
