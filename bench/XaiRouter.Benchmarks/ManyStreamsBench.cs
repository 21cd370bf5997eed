using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Mode <c>streams [count] [chunks] [delayMs]</c>: a slow SSE upstream (default 20 chunks 250 ms apart, 5 s a stream)
/// and a Gateway; <c>count</c> (default 1000) concurrent streaming chat requests through it, each read to [DONE].
/// Reports how many completed and the Gateway's peak RSS (VmHWM).
/// </summary>
internal static class ManyStreamsBench
{
    private const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}""";

    public static async Task<int> RunAsync(string[] args)
    {
        static int Arg(string[] a, int i, int fallback) => a.Length > i ? int.Parse(a[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var count = Arg(args, 1, 1000);
        var chunks = Arg(args, 2, 20);
        var delay = Arg(args, 3, 250);
        await using var upstream = await BenchUpstream.StartAsync(0, chunks, delay);
        await using var gateway = await GatewaySetup.StartAsync(upstream.Urls.Single());
        var pid = gateway.Process.Id;
        var (rssStart, _) = ProcessMemory.Read(pid);
        Console.WriteLine($"Gateway pid {pid} ready, RSS {rssStart:F0} MB; {count} concurrent streams, {chunks} chunks {delay} ms apart");

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90) })
        {
            BaseAddress = new Uri(gateway.Url),
            Timeout = TimeSpan.FromSeconds(120),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.SubKey);

        // Peak RSS sampled while the streams run too (VmHWM already is the peak; the samples show the curve).
        using var stop = new CancellationTokenSource();
        var maxRss = 0.0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxRss = Math.Max(maxRss, ProcessMemory.Read(pid).RssMb);
                try
                {
                    await Task.Delay(200, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => OneAsync(client)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        await sampler;
        var done = results.Count(r => r is null);
        var (rssEnd, hwm) = ProcessMemory.Read(pid);
        Console.WriteLine($"streams: {done}/{count} completed with [DONE] in {elapsed.TotalSeconds:F1} s");
        foreach (var failure in results.Where(r => r is not null).GroupBy(r => r).Take(5))
        {
            Console.WriteLine($"  failed x{failure.Count()}: {failure.Key}");
        }

        Console.WriteLine($"Gateway RSS: start {rssStart:F0} MB, max sampled {maxRss:F0} MB, end {rssEnd:F0} MB, peak VmHWM {hwm:F0} MB");
        var pass = done == count && hwm < 400;
        Console.WriteLine($"target (all complete, VmHWM < 400 MB): {(pass ? "met" : "MISSED")}");
        return 0;
    }

    /// <summary>null when the stream ended with [DONE], else why not.</summary>
    private static async Task<string?> OneAsync(HttpClient client)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode}";
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line == "data: [DONE]")
                {
                    return null;
                }
            }

            return "ended without [DONE]";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }
}
