using System.Net.Http.Headers;
using System.Text;

namespace XaiRouter.Benchmarks;

/// <summary>Closed-loop load: plain chat completions through a Gateway on a number of connections, and the Gateway's CPU time.</summary>
internal static class ChatLoad
{
    public const string Plain = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";

    /// <summary>A client for the Gateway at <paramref name="url"/> that carries <paramref name="key"/>.</summary>
    public static HttpClient Client(string url, string key, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Sends <paramref name="count"/> requests (and keeps going until <paramref name="atLeast"/> passed) on <paramref name="connections"/> workers.</summary>
    /// <returns>How many failed.</returns>
    public static async Task<long> RunAsync(HttpClient client, int count, int connections, TimeSpan atLeast = default)
    {
        long failed = 0;
        var next = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= count || started.Elapsed < atLeast)
            {
                try
                {
                    using var response = await client.PostAsync("/v1/chat/completions", new StringContent(Plain, Encoding.UTF8, "application/json"));
                    await response.Content.CopyToAsync(Stream.Null);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        await Task.WhenAll(workers);
        return failed;
    }

    /// <summary>utime + stime of a process, in clock ticks (USER_HZ, 100 a second), from <c>/proc/pid/stat</c>.</summary>
    public static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
    }
}
