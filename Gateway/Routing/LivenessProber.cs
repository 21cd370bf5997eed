using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// Unauthenticated liveness probes of the upstream hosts this gateway routes to: a plain GET of each base URL,
/// without any credential (the platform cannot use a tenant's key on its own), through the same guarded
/// connection handler as real traffic. Any HTTP answer means the host is up; a refused connection or a timeout
/// takes every provider key on that host out of routing until a probe succeeds again.
/// </summary>
internal sealed partial class LivenessProber(ProviderKeyCache cache, UpstreamHttpClient upstream, IOptions<RoutingOptions> options, ILogger<LivenessProber> logger)
    : BackgroundService
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.OrdinalIgnoreCase);

    public bool IsReachable(ProviderKeyRecord record) => _down.IsEmpty || !_down.ContainsKey(HostOf(record.BaseUrl));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProbeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await ProbeAllAsync(stoppingToken);
        }
    }

    /// <summary>Probes every known upstream host once, now.</summary>
    public async Task ProbeAllAsync(CancellationToken cancellationToken)
    {
        var hosts = cache.All.GroupBy(r => HostOf(r.BaseUrl), StringComparer.OrdinalIgnoreCase).Select(g => (Host: g.Key, g.First().BaseUrl));
        await Task.WhenAll(hosts.Select(h => ProbeAsync(h.Host, h.BaseUrl, cancellationToken)));
    }

    private async Task ProbeAsync(string host, string baseUrl, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl);
            using var response = await upstream.Invoker.SendAsync(request, timeout.Token);
            _down.TryRemove(host, out _);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or UpstreamBlockedException && !cancellationToken.IsCancellationRequested)
        {
            if (_down.TryAdd(host, true))
            {
                LogHostDown(logger, host, exception.GetType().Name);
            }
        }
    }

    private static string HostOf(string baseUrl) => new Uri(baseUrl).Authority;

    [LoggerMessage(EventId = EventIds.LivenessProbeFailed, EventName = nameof(EventIds.LivenessProbeFailed), Level = LogLevel.Warning,
        Message = "Upstream host {Host} failed its liveness probe ({Failure}); its provider keys are out of routing until it answers")]
    private static partial void LogHostDown(ILogger logger, string host, string failure);
}
