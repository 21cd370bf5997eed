using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Added latency of the Gateway: the same small chat completion sent sequentially straight to a loopback upstream and
/// through a Gateway process (Release build) with a tenant and a provider key, interleaved in rounds; prints medians
/// and tails. Loopback only; bounded in count; the Gateway it starts is stopped.
/// </summary>
internal static class LatencyBench
{
    private const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";
    private const string Answer = """{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    public static async Task<int> RunAsync(string gatewayDll, int requests)
    {
        var upstreamBuilder = WebApplication.CreateSlimBuilder();
        upstreamBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        upstreamBuilder.Logging.ClearProviders();
        await using var upstream = upstreamBuilder.Build();
        upstream.MapPost("/v1/chat/completions", static async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Answer);
        });
        await upstream.StartAsync();
        var upstreamUrl = upstream.Urls.Single();

        var data = Directory.CreateTempSubdirectory("xai-latency-").FullName;
        var port = 18090;
        using var gateway = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { gatewayDll, "--Urls", $"http://127.0.0.1:{port}", "--DataDirectory", data, "--Upstream:AllowPrivateNetworks", "true",
                "--Cluster:SiloPort", "21120", "--Cluster:GatewayPort", "23020", "--Logging:LogLevel:Default", "Warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await LatencyBenchReady.WaitAsync(client);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(data, "operator-token")));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchTenant.CreateAndClaimAsync(client, "latency"));
            (await client.PostAsJsonAsync("/x/provider-keys", new
            {
                name = "local", provider = "openai", base_url = upstreamUrl + "/v1", api_key = "sk-latency-bench-key-0001", models = new[] { "gpt-4o" },
            })).EnsureSuccessStatusCode();
            using var direct = new HttpClient { BaseAddress = new Uri(upstreamUrl) };

            await MeasureAsync(direct, requests / 5);
            await MeasureAsync(client, requests / 5);
            var directTimes = new List<double>();
            var gatewayTimes = new List<double>();
            for (var round = 0; round < 5; round++)
            {
                directTimes.AddRange(await MeasureAsync(direct, requests / 5));
                gatewayTimes.AddRange(await MeasureAsync(client, requests / 5));
            }

            Console.WriteLine($"{directTimes.Count} sequential requests each, 1 connection, loopback:");
            Console.WriteLine($"  direct to upstream   p50 {Percentile(directTimes, 50):F1} us   p90 {Percentile(directTimes, 90):F1} us   p99 {Percentile(directTimes, 99):F1} us");
            Console.WriteLine($"  through the Gateway  p50 {Percentile(gatewayTimes, 50):F1} us   p90 {Percentile(gatewayTimes, 90):F1} us   p99 {Percentile(gatewayTimes, 99):F1} us");
            Console.WriteLine($"  added at the median  {Percentile(gatewayTimes, 50) - Percentile(directTimes, 50):F1} us");
            return 0;
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<List<double>> MeasureAsync(HttpClient client, int count)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/v1/chat/completions", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
            await response.Content.CopyToAsync(Stream.Null);
            response.EnsureSuccessStatusCode();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return times;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * percentile / 100)];
    }
}
