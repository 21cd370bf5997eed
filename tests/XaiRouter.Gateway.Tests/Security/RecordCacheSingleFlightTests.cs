using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// Issue 16, item 5: <see cref="RecordCache"/> reads are single-flight and refreshed ahead of expiry. Concurrent
/// requests for an expired (or never read) record make one grain read; a copy in its last part of life is used at
/// once while one background read refreshes it; a revocation made elsewhere is still seen within <see cref="RecordCache.MaxAge"/>.
/// Reads are counted through <c>xai.auth.record_reads</c> (and <see cref="RecordCache.GrainReads"/>), never timed.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RecordCacheSingleFlightTests(GatewayFactory factory)
{
    private const int Concurrent = 16;

    [Fact]
    public async Task ConcurrentLookupsOfAnExpiredRecord_MakeOneGrainRead()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var keyId = tenant.Key.Substring(6, 17);
        var unknownId = Vault.RandomIds.NewKeyId();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        using var reads = new GrainReadCounter(factory);
        var cache = NewCache(clock);
        await cache.GetKeyAsync(keyId);
        clock.Advance(RecordCache.MaxAge);

        var before = reads.Count;
        var known = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => cache.GetKeyAsync(keyId).AsTask()));
        var afterKnown = reads.Count;
        var unknown = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => cache.GetKeyAsync(unknownId).AsTask()));

        Assert.Equal(1, afterKnown - before);
        Assert.Equal(1, reads.Count - afterKnown);
        Assert.All(known, record => Assert.Equal(keyId, record?.KeyId));
        Assert.All(unknown, Assert.Null);
        Assert.Equal(2 + 1, cache.GrainReads);
    }

    [Fact]
    public async Task CopyInItsLastPartOfLife_IsUsedAtOnce_WhileOneBackgroundReadRefreshesIt()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var keyId = tenant.Key.Substring(6, 17);
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var cache = NewCache(clock);
        var first = await cache.GetKeyAsync(keyId);
        clock.Advance(RecordCache.RefreshAfter);

        var before = cache.GrainReads;
        var lookups = Enumerable.Range(0, Concurrent).Select(_ => cache.GetKeyAsync(keyId)).ToArray();
        var startedReads = cache.GrainReads - before;
        var answeredAtOnce = lookups.Count(lookup => lookup.IsCompletedSuccessfully);
        var refresh = cache.PendingKeyRead(keyId);
        var answers = await Task.WhenAll(lookups.Select(lookup => lookup.AsTask()));
        await (refresh ?? Task.CompletedTask);

        // The refreshed copy counts from the refresh: past the first copy's MaxAge it is still used, without a read.
        clock.Advance(RecordCache.MaxAge - RecordCache.RefreshAfter + TimeSpan.FromMilliseconds(100));
        var afterRefresh = cache.GrainReads;
        var later = cache.GetKeyAsync(keyId);
        var laterAtOnce = later.IsCompletedSuccessfully;
        var laterRecord = await later;

        // Answered without waiting for anything: every lookup had completed when it returned.
        Assert.Equal(Concurrent, answeredAtOnce);
        Assert.All(answers, answer => Assert.Same(first, answer));
        Assert.Equal(1, startedReads);
        Assert.True(laterAtOnce);
        Assert.Equal(afterRefresh, cache.GrainReads);
        Assert.Equal(keyId, laterRecord?.KeyId);
    }

    [Fact]
    public async Task KeyRevokedThroughAnotherGateway_IsSeenWithinMaxAge()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var subKey = await CreateSubKeyIdAsync(tenant);
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var cache = NewCache(clock);
        Assert.Equal(AccessKeyStatus.Active, (await cache.GetKeyAsync(subKey))?.Status);

        // Revoked straight in its grain: nothing tells this cache.
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(subKey)).RevokeAsync();
        clock.Advance(RecordCache.MaxAge - TimeSpan.FromMilliseconds(1));
        var withinBound = await cache.GetKeyAsync(subKey);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var atBound = await cache.GetKeyAsync(subKey);

        // The copy may be used until MaxAge after its read started (its refresh is under way meanwhile), never after.
        Assert.Equal(AccessKeyStatus.Active, withinBound?.Status);
        Assert.Equal(AccessKeyStatus.Revoked, atBound?.Status);
    }

    [Fact]
    public async Task KeyRevokedThroughAnotherGateway_IsRefusedByTheGatewayOnceItsCopyAgedOut()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var created = await tenant.Client.PostAsJsonAsync("/x/keys", new { name = "to-revoke" }, TestContext.Current.CancellationToken);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("key").GetString()!;
        using var client = factory.CreateClientWithKey(key);
        using var before = await client.GetAsync("/v1/models", TestContext.Current.CancellationToken);

        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(key.Substring(6, 17))).RevokeAsync();

        // Aging out is what MaxAge bounds; an invalidation stands for the passing of that time (no test waits for a clock).
        factory.Services.GetRequiredService<RecordCache>().InvalidateAll();
        var after = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync("/v1/models", TestContext.Current.CancellationToken)));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.All(after, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        foreach (var response in after)
        {
            response.Dispose();
        }
    }

    private RecordCache NewCache(ManualTimeProvider clock) =>
        new(factory.Services.GetRequiredService<IGrainFactory>(), clock, factory.Services.GetRequiredService<AuthenticationMetrics>());

    private static async Task<string> CreateSubKeyIdAsync(TenantSession tenant)
    {
        using var created = await tenant.Client.PostAsJsonAsync("/x/keys", new { name = "sub" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("key").GetString()!.Substring(6, 17);
    }

    /// <summary>Counts <c>xai.auth.record_reads</c> with <c>source=grain</c> on this gateway's meter factory.</summary>
    private sealed class GrainReadCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public GrainReadCounter(GatewayFactory factory)
        {
            var meters = factory.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "xai.auth.record_reads")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "source", Value: "grain" })
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
