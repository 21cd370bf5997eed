using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Gateway.Hosting;

/// <summary>
/// Says what a starting Gateway is doing before its silo and storage take their few seconds, and where it serves
/// once everything (the silo, the storage migration, the HTTP listener) is up, so a newcomer's first start is
/// never a silent wait.
/// </summary>
internal sealed partial class StartupAnnouncer(SiloSettings settings, IServer server, ILogger<StartupAnnouncer> logger) : IHostedLifecycleService
{
    /// <summary>Before any hosted service starts (the silo included).</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var cluster = settings.Cluster;
        var silo = cluster.IsRedis
            ? $"an Orleans silo joining the Redis-membership cluster (Cluster:SiloPort {cluster.SiloPort}, Cluster:GatewayPort {cluster.GatewayPort})"
            : $"the embedded Orleans silo on 127.0.0.1 (Cluster:SiloPort {cluster.SiloPort}, Cluster:GatewayPort {cluster.GatewayPort})";

        // The data directory for SQLite; never the PostgreSQL connection string (it holds a password).
        var storage = settings.Storage.ProviderKind == StorageProvider.Sqlite ? $"SQLite storage in {settings.DataDirectory}" : "PostgreSQL storage";
        LogStarting(logger, silo, storage);
        return Task.CompletedTask;
    }

    /// <summary>After every hosted service started: the listener's real addresses are known.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var urls = addresses is { Count: > 0 } ? string.Join(", ", addresses) : "the configured Urls";
        LogReady(logger, urls);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.GatewayStarting, EventName = nameof(EventIds.GatewayStarting), Level = LogLevel.Information,
        Message = "Starting XaiRouter: {Silo}, {Storage} (migrated now if needed)...")]
    private static partial void LogStarting(ILogger logger, string silo, string storage);

    [LoggerMessage(EventId = EventIds.GatewayReady, EventName = nameof(EventIds.GatewayReady), Level = LogLevel.Information,
        Message = "XaiRouter ready on {Urls} (OpenAI-compatible API under /v1, health at /readyz)")]
    private static partial void LogReady(ILogger logger, string urls);
}
