namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>A test with a real Gateway as region <see cref="RegionGatewayFactory.Self"/> and a loopback <see cref="FakePeerRegion"/> as its peer.</summary>
public abstract class TwoRegionTest : IAsyncLifetime
{
    internal FakePeerRegion Peer { get; private set; } = null!;

    internal GatewayFactory Factory { get; private set; } = null!;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Peer = await FakePeerRegion.StartAsync();
        Factory = await RegionGatewayFactory.CreateAsync(Peer.Url);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Peer.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
