using Microsoft.Extensions.Logging;
using Npgsql;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// One LISTEN connection kept open for as long as the silo runs: connects, listens on a channel, hands each
/// notification's payload to a handler in the order the database sent them, and reconnects with backoff (0.5 s doubling
/// up to 30 s) when the connection fails. TCP keepalive queries notice a silent link within seconds. The connection
/// string is never logged (it may carry a password): only the <c>target</c> name given.
/// </summary>
internal sealed partial class PostgresNotificationLoop(string target, string connectionString, string channel, ILogger logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="stopping"/> is cancelled.</summary>
    /// <param name="connected">Called after each (re)connect, once LISTEN is in place, with the time the previous connection was last known good (null the first time): a catch-up for what may have been missed.</param>
    /// <param name="received">Called for every notification's payload, in order.</param>
    /// <param name="stopping">Stops the loop.</param>
    public async Task RunAsync(Func<DateTimeOffset?, CancellationToken, Task> connected, Func<string, CancellationToken, Task> received, CancellationToken stopping)
    {
        var backoff = FirstBackoff;
        DateTimeOffset? lastGood = null;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 5, Timeout = 5, Pooling = false };
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                var pending = new Queue<string>();
                connection.Notification += (_, notification) => pending.Enqueue(notification.Payload);
                await connection.OpenAsync(stopping);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }

                LogConnected(logger, channel, target);
                await connected(lastGood, stopping);
                backoff = FirstBackoff;
                while (true)
                {
                    lastGood = DateTimeOffset.UtcNow;
                    await connection.WaitAsync(stopping);
                    while (pending.TryDequeue(out var payload))
                    {
                        await received(payload, stopping);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException or InvalidOperationException or OrleansException)
            {
                LogDisconnected(logger, channel, target, exception.GetType().Name, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    [LoggerMessage(EventId = EventIds.RegionListenerConnected, EventName = nameof(EventIds.RegionListenerConnected), Level = LogLevel.Information,
        Message = "Listening on {Channel} of {Target}")]
    private static partial void LogConnected(ILogger logger, string channel, string target);

    [LoggerMessage(EventId = EventIds.RegionListenerDisconnected, EventName = nameof(EventIds.RegionListenerDisconnected), Level = LogLevel.Warning,
        Message = "Listening on {Channel} of {Target} failed ({ErrorType}); connecting again in {BackoffSeconds} s")]
    private static partial void LogDisconnected(ILogger logger, string channel, string target, string errorType, double backoffSeconds);
}
