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
/// The usage ledger's loss window on a crash, measured: requests are sent until the ledger shows them all
/// (acknowledged), then the time until the database holds them all is measured; what is acknowledged within that
/// window is what a crash loses. The Gateway is then killed with SIGKILL and restarted, and the count read again.
/// Loopback only; bounded; every process it starts is stopped.
/// </summary>
internal static class LedgerCrashBench
{
    public static async Task<int> RunAsync(string gatewayDll, int rounds, int requests)
    {
        var upstreamBuilder = WebApplication.CreateSlimBuilder();
        upstreamBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        upstreamBuilder.Logging.ClearProviders();
        await using var upstream = upstreamBuilder.Build();
        upstream.MapPost("/v1/chat/completions", static (HttpContext context) => context.Response.WriteAsJsonAsync(new
        {
            id = "c", @object = "chat.completion", created = 1, model = "gpt-4o",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = "hi" }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 5, completion_tokens = 2, total_tokens = 7 },
        }));
        await upstream.StartAsync();

        for (var round = 1; round <= rounds; round++)
        {
            var data = Directory.CreateTempSubdirectory("xai-crash-").FullName;
            try
            {
                using var first = Start(gatewayDll, data);
                using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:18095") };
                await LatencyBenchReady.WaitAsync(client);
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(data, "operator-token")));
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchTenant.CreateAndClaimAsync(client, "crash"));
                (await client.PostAsJsonAsync("/x/provider-keys", new
                {
                    name = "u", provider = "openai", base_url = upstream.Urls.Single() + "/v1", api_key = "sk-crash-bench-01", models = new[] { "gpt-4o" },
                })).EnsureSuccessStatusCode();

                await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
                {
                    for (var i = 0; i < requests / 8; i++)
                    {
                        (await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() })).EnsureSuccessStatusCode();
                    }
                }));
                var sent = requests / 8 * 8;
                var acknowledged = Stopwatch.StartNew();
                while (await RequestsAsync(client) < sent && acknowledged.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(50);
                }

                var visible = await RequestsAsync(client);

                // From "every request acknowledged by the ledger" to "all of it in the database": the crash-loss window.
                var durable = Stopwatch.StartNew();
                while (PersistedRequests(data) < visible && durable.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(20);
                }

                var window = durable.ElapsedMilliseconds;
                first.Kill();
                await first.WaitForExitAsync();

                using var second = Start(gatewayDll, data);
                await LatencyBenchReady.WaitAsync(client);
                var persisted = await RequestsAsync(client);
                Console.WriteLine($"round {round}: {sent} requests, {visible} acknowledged, all in the database {window} ms later; after SIGKILL and restart: {persisted} counted");
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync();
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }
        }

        return 0;
    }

    /// <summary>Requests counted in the ledger rows of the database (what survives a crash).</summary>
    private static long PersistedRequests(string data)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "xai-router.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(payload AS TEXT) FROM xai_grain_state WHERE state_name = 'usageLedger'";
        using var reader = command.ExecuteReader();
        long total = 0;
        while (reader.Read())
        {
            using var document = JsonDocument.Parse(reader.GetString(0));
            total += document.RootElement.GetProperty("Totals").EnumerateObject().Sum(group => group.Value.GetProperty("Requests").GetInt64());
        }

        return total;
    }

    private static async Task<long> RequestsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/x/usage")).GetProperty("totals").GetProperty("requests").GetInt64();

    private static Process Start(string gatewayDll, string data) => Process.Start(new ProcessStartInfo("dotnet")
    {
        ArgumentList = { gatewayDll, "--Urls", "http://127.0.0.1:18095", "--DataDirectory", data, "--Upstream:AllowPrivateNetworks", "true",
            "--Cluster:SiloPort", "21130", "--Cluster:GatewayPort", "23030", "--Logging:LogLevel:Default", "Warning" },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;
}
