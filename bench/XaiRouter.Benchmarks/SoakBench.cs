using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Mode <c>soak [minutes] [rps] [streamEvery]</c>: a fixed request rate (default 100 req/s) through a Gateway for
/// <c>minutes</c> (default 10, at most 1440), open loop (requests start on schedule, at most 2000 in flight).
/// Every <c>streamEvery</c>-th request (default 4) streams. Prints the Gateway's RSS each minute and the growth from
/// the first minute (after warm-up) to the end.
/// </summary>
internal static class SoakBench
{
    private const string Plain = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";
    private const string Streaming = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = Math.Clamp(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10, 0.1, 1440);
        var rps = Math.Clamp(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100, 1, 20000);
        var streamEvery = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
        await using var upstream = await BenchUpstream.StartAsync(0, 10, 0);
        await using var gateway = await GatewaySetup.StartAsync(upstream.Urls.Single());
        var pid = gateway.Process.Id;
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false })
        {
            BaseAddress = new Uri(gateway.Url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.SubKey);

        var (rssStart, _) = ProcessMemory.Read(pid);
        Console.WriteLine($"soak: {rps} req/s for {minutes} min (every {streamEvery}th streaming), Gateway pid {pid}, RSS at start {rssStart:F0} MB");
        long sent = 0, ok = 0, failed = 0, inFlight = 0, skipped = 0;
        var started = Stopwatch.GetTimestamp();
        var total = TimeSpan.FromMinutes(minutes);
        var nextReport = TimeSpan.FromMinutes(1);
        double rssAfterWarmup = -1;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (await timer.WaitForNextTickAsync())
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= total)
            {
                break;
            }

            var due = (long)(elapsed.TotalSeconds * rps);
            while (sent < due)
            {
                sent++;
                if (Interlocked.Read(ref inFlight) >= 2000)
                {
                    skipped++;
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                var stream = streamEvery > 0 && sent % streamEvery == 0;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(stream ? Streaming : Plain, Encoding.UTF8, "application/json"));
                        await response.Content.CopyToAsync(Stream.Null);
                        Interlocked.Increment(ref response.IsSuccessStatusCode ? ref ok : ref failed);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                });
            }

            if (elapsed >= nextReport)
            {
                var (rss, hwm) = ProcessMemory.Read(pid);
                if (rssAfterWarmup < 0)
                {
                    rssAfterWarmup = rss;
                }

                Console.WriteLine($"  {elapsed.TotalMinutes,5:F1} min  sent {sent}  ok {Interlocked.Read(ref ok)}  failed {Interlocked.Read(ref failed)}  in flight {Interlocked.Read(ref inFlight)}  RSS {rss:F0} MB  VmHWM {hwm:F0} MB");
                nextReport += TimeSpan.FromMinutes(1);
            }
        }

        var drain = Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref inFlight) > 0 && Stopwatch.GetElapsedTime(drain) < TimeSpan.FromSeconds(35))
        {
            await Task.Delay(50);
        }

        var (rssEnd, peak) = ProcessMemory.Read(pid);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"soak done: sent {sent} ({sent / seconds:F0} req/s achieved), ok {ok}, failed {failed}, skipped (2000 in flight) {skipped}");
        Console.WriteLine($"Gateway RSS: start {rssStart:F0} MB, end {rssEnd:F0} MB, growth {(rssEnd - rssStart) / rssStart * 100:F1} % over the run"
            + (rssAfterWarmup > 0 ? $", {(rssEnd - rssAfterWarmup) / rssAfterWarmup * 100:F1} % after the first minute ({rssAfterWarmup:F0} MB)" : string.Empty)
            + $"; peak VmHWM {peak:F0} MB");
        return failed == 0 ? 0 : 1;
    }
}
