using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>
/// Two regions' databases on the two PostgreSQL instances (A on <c>XAI_TEST_POSTGRES</c>, B on
/// <c>XAI_TEST_POSTGRES_B</c>), prepared by <see cref="RegionReplication"/> and subscribed
/// to each other at once, as two regions' silos do at start.
/// </summary>
internal sealed class TwoRegions : IAsyncDisposable
{
    private TwoRegions(RegionDatabase a, RegionDatabase b)
    {
        A = a;
        B = b;
    }

    public RegionDatabase A { get; }

    public RegionDatabase B { get; }

    public static async Task<TwoRegions> StartAsync()
    {
        var regions = await PrepareAsync();
        var (a, b) = (regions.A, regions.B);
        var cancellation = TestContext.Current.CancellationToken;

        // At once, as two regions' silos starting together do: neither may wait for the other (RegionReplication.CreateSlotAsync).
        var subscribed = await Task.WhenAll(
            a.Replication.SubscribeAsync(a.Options.Peers[0], cancellation),
            b.Replication.SubscribeAsync(b.Options.Peers[0], cancellation));
        Assert.All(subscribed, outcome => Assert.Equal(SubscriptionOutcome.Created, outcome));
        return regions;
    }

    /// <summary>Both regions prepared (claim, publication) and peers of each other, neither subscribed yet.</summary>
    public static async Task<TwoRegions> PrepareAsync()
    {
        var a = await RegionDatabase.CreateAsync(TestServers.Postgres, "a");
        var b = await RegionDatabase.CreateAsync(TestServers.PostgresB, "b");
        a.AddPeer(b);
        b.AddPeer(a);
        var cancellation = TestContext.Current.CancellationToken;
        await a.Replication.PrepareAsync(cancellation);
        await b.Replication.PrepareAsync(cancellation);
        return new TwoRegions(a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DropSubscriptionsAsync();
        await B.DropSubscriptionsAsync();
    }
}
