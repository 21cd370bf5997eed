using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace XaiRouter.Grains.Usage;

/// <summary>
/// Deletes request rows older than <see cref="UsageLedgerOptions.RequestRetentionDays"/>, once shortly after the
/// start and then every <see cref="Interval"/>, in chunks of <see cref="ChunkSize"/> rows, each its own short
/// statement: the table is never locked for long and a node that stops mid-way leaves consistent data. Hourly totals
/// older than <see cref="HourlyRetentionDays"/> go the same way; daily totals are never deleted. Every node runs it;
/// deleting the same old rows twice is harmless.
/// </summary>
internal sealed partial class UsageRetentionService(
    UsageStore store, IOptions<UsageLedgerOptions> options, TimeProvider timeProvider, ILogger<UsageRetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public const int ChunkSize = 2000;

    /// <summary>Days hourly totals are kept: <c>/x/usage?group_by=hour</c> reads the last 48 hours, so a day to spare.</summary>
    public const int HourlyRetentionDays = 3;

    /// <summary>Deletes every request row older than the retention, chunk by chunk.</summary>
    /// <returns>How many rows went.</returns>
    public async Task<long> CleanUpAsync(CancellationToken cancellationToken)
    {
        // A retention reaching back past the calendar's start (someone meaning "keep forever") keeps everything; the
        // cutoff must not overflow, as an exception here would stop the host.
        var now = timeProvider.GetUtcNow();
        await DeleteInChunksAsync(store.DeleteHoursBeforeAsync, now.AddDays(-HourlyRetentionDays), cancellationToken);
        var days = Math.Max(options.Value.RequestRetentionDays, 1);
        if (days >= (now - DateTimeOffset.MinValue).TotalDays)
        {
            return 0;
        }

        var deleted = await DeleteInChunksAsync(store.DeleteRequestsBeforeAsync, now.AddDays(-days), cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(logger, deleted, options.Value.RequestRetentionDays);
        }

        return deleted;
    }

    private static async Task<long> DeleteInChunksAsync(
        Func<DateTimeOffset, int, CancellationToken, Task<int>> deleteChunk, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long deleted = 0;
        int chunk;
        do
        {
            chunk = await deleteChunk(cutoff, ChunkSize, cancellationToken);
            deleted += chunk;
        }
        while (chunk == ChunkSize);

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunDelay, timeProvider, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CleanUpAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    // One line: the next run tries again.
                    LogFailed(logger, exception.Message);
                }

                await Task.Delay(Interval, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = EventIds.UsageRequestsExpired, EventName = nameof(EventIds.UsageRequestsExpired), Level = LogLevel.Information,
        Message = "Deleted {Count} request log row(s) older than {Days} days (Usage:RequestRetentionDays); daily totals are kept")]
    private static partial void LogDeleted(ILogger logger, long count, int days);

    [LoggerMessage(EventId = EventIds.UsageRetentionFailed, EventName = nameof(EventIds.UsageRetentionFailed), Level = LogLevel.Warning,
        Message = "Request log cleanup failed: {Reason}; retrying in an hour")]
    private static partial void LogFailed(ILogger logger, string reason);
}
