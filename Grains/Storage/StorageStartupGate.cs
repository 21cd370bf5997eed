using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Storage;

/// <summary>
/// Holds the node's start until the grain storage database answers, retrying every 2 s with one line of log per
/// try, so a database that is still starting delays the node instead of crashing it (and a restart loop with stack
/// traces). Registered before the silo, so nothing of Orleans starts meanwhile.
/// </summary>
internal sealed partial class StorageStartupGate(StorageDatabase database, IOptions<StorageOptions> options, TimeProvider timeProvider, ILogger<StorageStartupGate> logger)
    : IHostedService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                await database.PingAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException
                && !cancellationToken.IsCancellationRequested)
            {
                // The message only: the reason is enough to act on, and a connection string never reaches it.
                var reason = exception.InnerException?.Message ?? exception.Message;
                if (timeProvider.GetElapsedTime(started) + RetryDelay > options.Value.StartupTimeout)
                {
                    throw new StorageUnavailableException(database.Dialect.Provider, options.Value.StartupTimeout, reason);
                }

                LogUnreachable(logger, database.Dialect.Provider, reason, RetryDelay.TotalSeconds);
                await Task.Delay(RetryDelay, timeProvider, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.StorageUnreachable, EventName = nameof(EventIds.StorageUnreachable), Level = LogLevel.Warning,
        Message = "Grain storage ({Provider}) is not reachable yet: {Reason}; retrying in {Seconds} s")]
    private static partial void LogUnreachable(ILogger logger, StorageProvider provider, string reason, double seconds);
}
