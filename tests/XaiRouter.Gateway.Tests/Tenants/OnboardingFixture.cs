using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains;

namespace XaiRouter.Gateway.Tenants.Tests;

/// <summary>
/// One Gateway whose router clock (claim token expiry) only the tests move, with a failure burst of
/// <see cref="Burst"/> that barely refills (1 per minute); each test uses client addresses of its own.
/// </summary>
public sealed class OnboardingFixture : IAsyncLifetime
{
    public const int Burst = 3;

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    public GatewayFactory Gateway { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Gateway = new GatewayFactory
        {
            Settings = { ["Auth:FailureBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Auth:FailuresPerMinute"] = "1" },
            ReplaceServices = services => services.AddSingleton(new RouterClock(Clock)),
        };
        Gateway.Start();
        return ValueTask.CompletedTask;
    }

    /// <summary>A client without credentials that comes from <paramref name="peer"/>.</summary>
    public HttpClient ClientFrom(string peer)
    {
        var client = Gateway.CreateClient();
        client.DefaultRequestHeaders.Add(TestPeerStartupFilter.Header, peer);
        return client;
    }

    public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
}
