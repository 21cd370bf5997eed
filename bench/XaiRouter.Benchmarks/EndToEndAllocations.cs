using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Mode <c>alloc-e2e [requests] [--types] [--record &lt;allocations.json&gt;]</c>: the bytes the whole Gateway
/// allocates per request (auth, admission, routing, unlock, forward, usage; Kestrel, YARP and HttpClient included),
/// for a plain and a streamed chat. Upstream, Gateway and client run in this one process on loopback;
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> is read around <c>requests</c> sequential requests through the
/// Gateway, and the same requests sent straight to the upstream are subtracted (the client's and the upstream's
/// share). <c>--types</c> adds a second pass that samples allocations by type (the runtime's GCAllocationTick
/// events, one per ~100 KB allocated); <c>--record</c> merges the figures into the allocation results file that
/// <c>bench/allocation-budget.json</c> budgets.
/// </summary>
internal static class EndToEndAllocations
{
    public const string ChatName = "EndToEnd.Chat";
    public const string StreamName = "EndToEnd.Stream";

    private static readonly byte[] ChatBody = Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
    private static readonly byte[] StreamBody = Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}""");

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) ? n : 5000;
        var types = args.Contains("--types");
        var recordIndex = Array.IndexOf(args, "--record");
        var record = recordIndex >= 0 && recordIndex + 1 < args.Length ? args[recordIndex + 1] : null;

        await using var upstream = await BenchUpstream.StartAsync(0, chunks: 10, delayMs: 0);
        var upstreamUrl = upstream.Urls.Single();
        var data = Directory.CreateTempSubdirectory("xai-alloc-e2e-").FullName;
        var token = "bench-operator-token-" + Guid.NewGuid().ToString("N");
        var gatewayUrl = $"http://127.0.0.1:{GatewaySetup.FreePort()}";
        var builder = WebApplication.CreateBuilder(["--Urls", gatewayUrl, "--DataDirectory", data, "--Upstream:AllowPrivateNetworks", "true",
            "--Cluster:SiloPort", GatewaySetup.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Cluster:GatewayPort", GatewaySetup.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning", "--Operator:Token", token]);
        builder.AddXaiRouterGateway();
        var gateway = builder.Build();
        gateway.UseXaiRouterGateway();
        await gateway.StartAsync();
        try
        {
            var subKey = await GatewaySetup.SetupAsync(gatewayUrl, token, upstreamUrl);
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
            var throughGateway = new Target(client, new Uri(gatewayUrl + "/v1/chat/completions"), new AuthenticationHeaderValue("Bearer", subKey));
            var direct = new Target(client, new Uri(upstreamUrl + "/v1/chat/completions"), new AuthenticationHeaderValue("Bearer", "sk-direct"));

            var results = new Dictionary<string, long>();
            foreach (var (name, body) in new[] { (ChatName, ChatBody), (StreamName, StreamBody) })
            {
                // Warm both paths (JIT, pools, caches, connections) before measuring.
                await direct.SendAsync(body, requests / 2);
                await throughGateway.SendAsync(body, requests / 2);
                var directBytes = await direct.MeasureAsync(body, requests);
                var gatewayBytes = await throughGateway.MeasureAsync(body, requests);
                results[name] = (gatewayBytes - directBytes) / requests;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {results[name]} B per request through the Gateway ({gatewayBytes / requests} B with client and upstream; direct {directBytes / requests} B), {requests} requests"));
                if (types)
                {
                    using var sampler = new AllocationSampler();
                    await throughGateway.SendAsync(body, requests);
                    sampler.Print(requests, top: 40);
                }
            }

            if (record is not null)
            {
                Record(record, results);
            }

            return 0;
        }
        finally
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    /// <summary>Merges <paramref name="results"/> into the results file, keeping the microbenchmarks' entries.</summary>
    private static void Record(string path, Dictionary<string, long> results)
    {
        var existing = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in existing)
        {
            merged[name] = value!.GetValue<long>();
        }

        foreach (var (name, value) in results)
        {
            merged[name] = value;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(merged, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"recorded in {path}");
    }

    private sealed class Target(HttpClient client, Uri uri, AuthenticationHeaderValue authorization)
    {
        private static readonly MediaTypeHeaderValue Json = new("application/json");

        public async Task<long> MeasureAsync(byte[] body, int count)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await SendAsync(body, count);
            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        public async Task SendAsync(byte[] body, int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = Json;
                request.Headers.Authorization = authorization;
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await response.Content.CopyToAsync(Stream.Null);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{uri} answered {(int)response.StatusCode}");
                }
            }
        }
    }
}
