using System.Collections.Concurrent;
using System.Diagnostics;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>
/// Records the activities started in one trace (the test's own trace id, sent as <c>traceparent</c>). It listens to
/// every source but samples nothing itself, so it never makes an activity be created: it only sees those the process
/// would create anyway (by a tracer, or by ASP.NET Core for its logging).
/// </summary>
public sealed class ActivityRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<string> _started = new();

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = static _ => true,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.TraceId == TraceId)
                {
                    _started.Enqueue($"{activity.Source.Name}: {activity.OperationName}");
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>A W3C <c>traceparent</c> in <see cref="TraceId"/>, sampled.</summary>
    public string TraceParent => $"00-{TraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

    /// <summary>Source and operation of each activity started in the trace.</summary>
    public IReadOnlyCollection<string> Started => [.. _started];

    public void Dispose() => _listener.Dispose();
}
