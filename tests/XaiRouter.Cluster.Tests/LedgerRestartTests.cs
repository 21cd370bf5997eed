using System.Net.Http.Headers;

namespace XaiRouter.Cluster.Tests;

/// <summary>Usage settled before a graceful stop (SIGTERM) is all there after the restart.</summary>
public sealed class LedgerRestartTests : IDisposable
{
    private const int Requests = 40;

    private readonly TempDirectory _data = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GracefulRestart_LosesNoSettledRequest()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var node = new GatewayNode(_data.Path, "--Upstream:AllowPrivateNetworks", "true");
        string key;
        await using (var gateway = node.Start())
        {
            await gateway.WaitStartedAsync(Cancellation);
            using var operatorClient = node.CreateOperatorClient();
            (_, key) = await TenantOnboarding.CreateAndClaimAsync(operatorClient, "restart", Cancellation);
            using var client = Client(node, key);
            (await client.PostAsJsonAsync("/x/provider-keys", new
            {
                name = "u", provider = "openai", base_url = upstream.BaseUrl, api_key = "sk-restart-upstream-01", models = new[] { "gpt-4o" },
            }, Cancellation)).EnsureSuccessStatusCode();

            for (var i = 0; i < Requests; i++)
            {
                (await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() }, Cancellation)).EnsureSuccessStatusCode();
            }

            // Stopped at once: settlements still queued or unwritten must survive the graceful stop.
            gateway.Terminate();
            Assert.Equal(0, await gateway.WaitForExitAsync(Cancellation));
        }

        await using var restarted = node.Start();
        await restarted.WaitStartedAsync(Cancellation);
        using var again = Client(node, key);
        var usage = await again.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation);

        Assert.Equal(Requests, usage.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(Requests * 5, usage.GetProperty("totals").GetProperty("input_tokens").GetInt64());
    }

    public void Dispose() => _data.Dispose();

    private static HttpClient Client(GatewayNode node, string key) => new()
    {
        BaseAddress = node.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
    };
}
