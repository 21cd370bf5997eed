using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Starting a Release Gateway process on free loopback ports and setting it up for load: a tenant (operator API),
/// an openai and an anthropic provider key pointing at the loopback upstream, and a sub-key that carries the load.
/// Mode <c>gateway-setup &lt;gatewayUrl&gt; &lt;operatorToken&gt; &lt;upstreamUrl&gt;</c> prints the sub-key.
/// </summary>
internal sealed class GatewaySetup : IAsyncDisposable
{
    private readonly string _data;

    private GatewaySetup(Process process, string url, string data, string subKey)
    {
        Process = process;
        Url = url;
        _data = data;
        SubKey = subKey;
    }

    public Process Process { get; }

    public string Url { get; }

    public string SubKey { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the Gateway next to the bench binaries, waits for /readyz and sets it up.</summary>
    /// <param name="upstreamUrl">The loopback upstream the provider keys point at.</param>
    /// <param name="settings">More command-line settings (<c>--Key value</c> pairs) for the Gateway.</param>
    public static async Task<GatewaySetup> StartAsync(string upstreamUrl, params string[] settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "XaiRouter.Gateway.dll");
        var data = Directory.CreateTempSubdirectory("xai-bench-gw-").FullName;
        var token = "bench-operator-token-" + Guid.NewGuid().ToString("N");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--Urls", url, "--DataDirectory", data, "--Upstream:AllowPrivateNetworks", "true",
                "--Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--Logging:LogLevel:Default", "Warning", "--Operator:Token", token },
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var process = Process.Start(start)!;
        try
        {
            var subKey = await SetupAsync(url, token, upstreamUrl);
            return new GatewaySetup(process, url, data, subKey);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    /// <summary>Waits for /readyz (30 s at most), creates tenant, provider key and sub-key; returns the sub-key.</summary>
    public static async Task<string> SetupAsync(string gatewayUrl, string operatorToken, string upstreamUrl)
    {
        using var client = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
        await LatencyBenchReady.WaitAsync(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchTenant.CreateAndClaimAsync(client, "bench"));
        using var keyResponse = await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "local", provider = "openai", base_url = upstreamUrl.TrimEnd('/') + "/v1", api_key = "sk-bench-upstream-key-0001", models = new[] { "gpt-4o" },
        });
        keyResponse.EnsureSuccessStatusCode();
        // The /v1/messages cases: a native anthropic key on the same upstream (its base URL is the root; /v1 is added).
        using var anthropicResponse = await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "local-anthropic", provider = "anthropic", base_url = upstreamUrl.TrimEnd('/'), api_key = "sk-ant-bench-upstream-key-0001", models = new[] { "claude-sonnet-4-5" },
        });
        anthropicResponse.EnsureSuccessStatusCode();
        using var subResponse = await client.PostAsJsonAsync("/x/keys", new { name = "bench-sub" });
        subResponse.EnsureSuccessStatusCode();
        var sub = await subResponse.Content.ReadFromJsonAsync<JsonElement>();
        return sub.GetProperty("key").GetString()!;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        Console.WriteLine(await SetupAsync(args[1], args[2], args[3]));
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
        Process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
