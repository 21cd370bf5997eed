namespace XaiRouter.Gateway.Routing;

/// <summary>Failover and health, configuration section <c>Routing</c>.</summary>
internal sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary><c>Routing:MaxAttempts</c>: provider keys tried for one request, fallbacks included. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary><c>Routing:Deadline</c>: no new attempt starts this long after the request arrived. Default 60 s.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>Routing:HeadersTimeout</c>: how long an attempt may wait for the upstream's response headers before the
    /// next candidate is tried. Default 5 minutes (a long answer that is not streamed sends its headers last).
    /// </summary>
    public TimeSpan HeadersTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Routing:ProbeInterval</c>: how often each upstream host is probed for liveness (no credentials). Default 15 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(15);
}
