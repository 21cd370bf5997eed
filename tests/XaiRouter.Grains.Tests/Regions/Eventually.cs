using System.Diagnostics;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>Waits for a condition another process brings about (replication, a notification), polling every 2 ms.</summary>
internal static class Eventually
{
    /// <returns>How long the condition took to hold.</returns>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, string what, double timeoutSeconds = 15)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                throw new TimeoutException($"Waited {timeoutSeconds} s for: {what}.");
            }

            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        return watch.Elapsed;
    }

    /// <summary>The median and the largest of measured latencies, in milliseconds.</summary>
    public static string Summary(IReadOnlyList<TimeSpan> latencies)
    {
        var sorted = latencies.Select(static latency => latency.TotalMilliseconds).Order().ToList();
        return $"n={sorted.Count} p50={sorted[sorted.Count / 2]:F1} ms max={sorted[^1]:F1} ms";
    }
}
