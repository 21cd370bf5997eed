namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// A Gateway whose liveness prober stays out of the way (probing once an hour), so a provider key pointing at an
/// unreachable upstream is tried by the request itself and only the request's attempt writes to the log.
/// </summary>
public sealed class UpstreamFailureFixture : IAsyncLifetime
{
    public GatewayFactory Gateway { get; } = new() { Settings = { ["Routing:ProbeInterval"] = "01:00:00" } };

    public FakeUpstream Upstream { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Upstream = await FakeUpstream.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
