using System.Threading.Channels;
using XaiRouter.Grains.Abstractions.Health;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// Carries attempt outcomes to the provider keys' health grains in batches, off the request path, and brings the
/// cluster's merged view back to this gateway's <see cref="HealthBoard"/>. Losing a batch (a crash) only delays
/// what other gateways learn.
/// </summary>
internal sealed partial class HealthReporter(IGrainFactory grains, HealthBoard board, ILogger<HealthReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Channel<(string TenantId, string ProviderKeyId, HealthSample Sample)> _queue =
        Channel.CreateBounded<(string, string, HealthSample)>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Report(ProviderKeyRecord record, HealthSample sample) => _queue.Writer.TryWrite((record.TenantId, record.Id, sample));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushAsync();
        }
    }

    /// <summary>Sends everything queued now.</summary>
    public async Task FlushAsync()
    {
        var batches = new Dictionary<(string TenantId, string ProviderKeyId), List<HealthSample>>();
        while (_queue.Reader.TryRead(out var item))
        {
            if (!batches.TryGetValue((item.TenantId, item.ProviderKeyId), out var samples))
            {
                batches[(item.TenantId, item.ProviderKeyId)] = samples = [];
            }

            samples.Add(item.Sample);
        }

        foreach (var ((tenantId, providerKeyId), samples) in batches)
        {
            try
            {
                var merged = await grains.GetGrain<IProviderHealthGrain>(GrainKeys.ProviderHealth(tenantId, providerKeyId)).ReportAsync([.. samples]);
                board.Merge((tenantId, providerKeyId), merged);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReportFailed(logger, providerKeyId, exception);
            }
        }
    }

    [LoggerMessage(EventId = EventIds.HealthReportFailed, EventName = nameof(EventIds.HealthReportFailed), Level = LogLevel.Warning,
        Message = "Reporting health of provider key {ProviderKeyId} failed")]
    private static partial void LogReportFailed(ILogger logger, string providerKeyId, Exception exception);
}
