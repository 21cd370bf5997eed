using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using XaiRouter.Gateway.Routing.Tests;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// The routing fixture's Gateway (real socket, test health clock) with its spans exported to memory, as an
/// operator's collector would get them, and <c>Logging:Requests</c> on. Each test sends its own <c>traceparent</c>
/// and reads back the spans of that trace once ASP.NET Core's server span ended (the request, its metrics and its log
/// line are then complete).
/// </summary>
public sealed class TelemetryFixture : RoutingFixture
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly SemaphoreSlim _ended = new(0);
    private readonly ConcurrentDictionary<ActivityTraceId, bool> _traces = new();


    protected override Dictionary<string, string> ExtraSettings => new() { ["Logging:Requests"] = "true" };

    protected override void AddServices(IServiceCollection services) =>
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource("XaiRouter.Gateway").SetSampler(new OwnTraces(this)).AddProcessor(new EndedSpans(this)));

    /// <summary>A fresh sampled <c>traceparent</c> and its trace id (the only traces this fixture's tracer samples).</summary>
    public (string TraceParent, ActivityTraceId TraceId) NewTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        _traces[traceId] = true;
        return ($"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01", traceId);
    }

    /// <summary>Every span of the trace, once its server span (the whole request) ended.</summary>
    public async Task<List<Activity>> TraceAsync(ActivityTraceId traceId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!_spans.Any(s => s.TraceId == traceId && s.Kind == ActivityKind.Server))
        {
            await _ended.WaitAsync(timeout.Token);
        }

        return [.. _spans.Where(s => s.TraceId == traceId)];
    }

    /// <summary>Every exported span so far.</summary>
    public IReadOnlyCollection<Activity> AllSpans => _spans;

    /// <summary>
    /// Samples the tests' own traces only: listeners match activity sources by name, so a tracer sampling everything
    /// would make every other Gateway in the test process create activities (which tests of their cost count).
    /// </summary>
    private sealed class OwnTraces(TelemetryFixture fixture) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(fixture._traces.ContainsKey(samplingParameters.TraceId) ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }

    private sealed class EndedSpans(TelemetryFixture fixture) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            fixture._spans.Enqueue(data);
            fixture._ended.Release();
        }
    }
}
