using System.Diagnostics;

namespace XaiRouter.Benchmarks;

/// <summary>Waits for a Gateway's /readyz, at most 30 s.</summary>
internal static class LatencyBenchReady
{
    public static async Task WaitAsync(HttpClient client)
    {
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The Gateway did not become ready within 30 s.");
    }
}
