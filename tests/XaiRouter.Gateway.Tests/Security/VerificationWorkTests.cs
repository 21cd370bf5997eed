using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// An unknown key id and a known id with a wrong secret do the same work (no timing oracle): one verification each,
/// and the same record reads (grain calls, cache hits). Counted through the gateway's own metrics, never timed.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class VerificationWorkTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownIdAndWrongSecret_DoTheSameVerificationAndRecordReads()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var wrongSecret = Vault.AccessKeyFormat.Format(tenant.Key.Substring(6, 17), new byte[32]);
        var unknownId = Vault.AccessKeyFormat.Format(Vault.RandomIds.NewKeyId(), new byte[32]);
        using var counter = new AuthWorkCounter(factory);

        var wrongCold = await CountAsync(counter, wrongSecret, cold: true);
        var unknownCold = await CountAsync(counter, unknownId, cold: true);
        var wrongAgain = await CountAsync(counter, wrongSecret, cold: false);
        var unknownAgain = await CountAsync(counter, unknownId, cold: false);
        var valid = await CountAsync(counter, tenant.Key, cold: true);

        Assert.Equal(1, wrongCold.Verifications);
        Assert.Equal(wrongCold, unknownCold);
        Assert.Equal(1, wrongCold.GrainReads);
        Assert.Equal(1, wrongAgain.Verifications);
        Assert.Equal(1, unknownAgain.Verifications);
        Assert.Equal(1, valid.Verifications);
    }

    private async Task<AuthWork> CountAsync(AuthWorkCounter counter, string key, bool cold)
    {
        if (cold)
        {
            factory.Services.GetRequiredService<RecordCache>().InvalidateAll();
        }

        var before = counter.Snapshot();
        using var client = factory.CreateClientWithKey(key);
        using var response = await client.GetAsync("/v1/models", Cancellation);
        var after = counter.Snapshot();
        return new AuthWork(after.Verifications - before.Verifications, after.GrainReads - before.GrainReads);
    }

    private readonly record struct AuthWork(long Verifications, long GrainReads);

    /// <summary>Listens to this gateway's <c>xai.auth.*</c> counters (its own meter factory, not other gateways in the process).</summary>
    private sealed class AuthWorkCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _verifications;
        private long _grainReads;

        public AuthWorkCounter(GatewayFactory factory)
        {
            var meters = factory.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name is "xai.auth.verifications" or "xai.auth.record_reads")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "xai.auth.verifications")
                {
                    Interlocked.Add(ref _verifications, value);
                    return;
                }

                foreach (var tag in tags)
                {
                    if (tag is { Key: "source", Value: "grain" })
                    {
                        Interlocked.Add(ref _grainReads, value);
                    }
                }
            });
            _listener.Start();
        }

        public AuthWork Snapshot() => new(Interlocked.Read(ref _verifications), Interlocked.Read(ref _grainReads));

        public void Dispose() => _listener.Dispose();
    }
}
