using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// An unknown key id is remembered as unknown for as long as a known record is kept, so a repeated unknown id takes the
/// same path (no grain call) as a repeated known one; both are read again after <see cref="RecordCache.MaxAge"/>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RecordCacheNegativeTests(GatewayFactory factory)
{
    [Fact]
    public async Task UnknownAndKnownIds_AreReadFromTheGrainOncePerMaxAge()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var cache = new RecordCache(factory.Services.GetRequiredService<IGrainFactory>(), clock, factory.Services.GetRequiredService<AuthenticationMetrics>());
        var known = tenant.Key.Substring(6, 17);
        var unknown = Vault.RandomIds.NewKeyId();

        var reads = new List<long>();
        foreach (var id in new[] { known, unknown })
        {
            var before = cache.GrainReads;
            await cache.GetKeyAsync(id);
            await cache.GetKeyAsync(id);
            reads.Add(cache.GrainReads - before);
        }

        clock.Advance(RecordCache.MaxAge);
        var beforeExpiry = cache.GrainReads;
        var knownAgain = await cache.GetKeyAsync(known);
        var unknownAgain = await cache.GetKeyAsync(unknown);

        Assert.Equal([1L, 1L], reads);
        Assert.Equal(2, cache.GrainReads - beforeExpiry);
        Assert.NotNull(knownAgain);
        Assert.Null(unknownAgain);
    }
}
