using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Forwarding;
using Yarp.ReverseProxy.Forwarder;

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

    /// <summary>Whether the record's host answers probes; a base URL that does not parse (edited in storage) never does.</summary>
    /// <remarks>The host comes from the record version's <see cref="ProviderKeyShape"/>: no URL parsed per request.</remarks>
    public bool IsReachable(ProviderKeyRecord record) => ProviderKeyShape.Of(record).LivenessHost is { } host && (_down.IsEmpty || !_down.ContainsKey(host));

    /// <summary>Whether the record's base URL names a host at all (one that does not parse is never tried).</summary>
    public static bool CanProbe(ProviderKeyRecord record) => ProviderKeyShape.Of(record).LivenessHost is not null;

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
        // A record whose base URL does not parse (only a storage edit makes one) is skipped, not allowed to end the prober.
        var hosts = cache.All.Select(r => (Host: HostOf(r.BaseUrl), r.BaseUrl)).Where(h => h.Host is not null)
            .GroupBy(h => h.Host!, StringComparer.OrdinalIgnoreCase).Select(g => (Host: g.Key, g.First().BaseUrl));
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
                LogHostDown(logger, host, UpstreamFailure.Classify(ForwarderError.Request, exception, baseUrl).Description);
            }
        }
    }

    /// <summary>The authority of an http(s) base URL, or <see langword="null"/>.</summary>
    internal static string? HostOf(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.Authority : null;

    [LoggerMessage(EventId = EventIds.LivenessProbeFailed, EventName = nameof(EventIds.LivenessProbeFailed), Level = LogLevel.Warning,
        Message = "Upstream host {Host} failed its liveness probe ({Failure}); its provider keys are out of routing until it answers")]
    private static partial void LogHostDown(ILogger logger, string host, string failure);
}
