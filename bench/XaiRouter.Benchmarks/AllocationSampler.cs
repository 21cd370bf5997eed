using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Listens in-process to the runtime's GCAllocationTick events (one per ~100 KB allocated, naming the type of the
/// allocation that crossed the mark): summed by type over many requests, they show which types dominate.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private long _total;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // The GC keyword at verbose level carries the allocation ticks.
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = "?";
        long amount = 0;
        for (var i = 0; i < eventData.PayloadNames.Count; i++)
        {
            switch (eventData.PayloadNames[i])
            {
                case "TypeName":
                    type = eventData.Payload[i] as string ?? "?";
                    break;
                case "AllocationAmount64":
                    amount = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        Interlocked.Add(ref _total, amount);
    }

    /// <summary>Prints the sampled bytes per request of the <paramref name="top"/> types.</summary>
    public void Print(int requests, int top)
    {
        Console.WriteLine($"  sampled allocations by type ({_total / requests} B per request sampled, listener's own included):");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"    {bytes / (double)requests,9:F1} B  {type}");
        }
    }
}
