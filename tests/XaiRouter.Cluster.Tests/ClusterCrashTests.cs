using System.Diagnostics;

namespace XaiRouter.Cluster.Tests;

/// <summary>kill -9 of a Silo and a Gateway under load: what the survivor sees, what the ledger keeps, how nodes rejoin.</summary>
[Collection(TimedRecoveryCollection.Name)]
public sealed class ClusterCrashTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillNine_SiloThenGateway_SurvivorKeepsServing_NoStateLost_LedgerWithinBound_NodesRejoin()
    {
        await using var cluster = await RedisPostgresCluster.StartAsync(Cancellation);
        var (tenantId, rootKey) = await cluster.CreateTenantAsync(cluster.First, Cancellation);
        using var a = RedisPostgresCluster.Client(cluster.First, rootKey);
        using var b = RedisPostgresCluster.Client(cluster.Second, rootKey);
        var clock = Stopwatch.StartNew();
        var log = new List<(TimeSpan At, bool OnA, bool Ok)>();

        async Task SendAsync(HttpClient client, bool onA)
        {
            try
            {
                using var response = await RedisPostgresCluster.ChatAsync(client, Cancellation);
                log.Add((clock.Elapsed, onA, response.StatusCode == HttpStatusCode.OK));
            }
            catch (HttpRequestException)
            {
                log.Add((clock.Elapsed, onA, false));
            }
        }

        // Steady load over both gateways, bounded in count.
        for (var i = 0; i < 100; i++)
        {
            await SendAsync(i % 2 == 0 ? a : b, i % 2 == 0);
        }

        var siloKilledAt = clock.Elapsed;
        await cluster.SiloProcess.KillAsync();
        for (var i = 0; i < 100; i++)
        {
            await SendAsync(i % 2 == 0 ? a : b, i % 2 == 0);
        }

        var gatewayKilledAt = clock.Elapsed;
        await cluster.SecondProcess.KillAsync();
        // Until the survivor has served 50 requests in a row again (the cluster declared both nodes dead and moved
        // their grains), for at least 10 s; bounded in count and time.
        var atLeast = clock.Elapsed + TimeSpan.FromSeconds(10);
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        var inARow = 0;
        for (var i = 0; i < 20_000 && clock.Elapsed < deadline && (inARow < 50 || clock.Elapsed < atLeast); i++)
        {
            await SendAsync(a, onA: true);
            inARow = log[^1].Ok ? inARow + 1 : 0;
            if (inARow == 0)
            {
                // A refusal comes back at once while the cluster recovers: pace the retries as a client would.
                await Task.Delay(50, Cancellation);
            }
        }

        // The survivor's failures: from the first to the last one after the silo died.
        var survivorFailures = log.Where(e => e.OnA && !e.Ok).ToList();
        var window = survivorFailures.Count == 0 ? TimeSpan.Zero : survivorFailures[^1].At - survivorFailures[0].At;
        output.WriteLine($"survivor: {survivorFailures.Count} failed requests over a {window.TotalMilliseconds:0} ms window "
            + $"(silo killed at {siloKilledAt.TotalSeconds:0.0} s, gateway at {gatewayKilledAt.TotalSeconds:0.0} s); {log.Count(e => e.Ok)} of {log.Count} requests succeeded");
        Assert.True(window < TimeSpan.FromSeconds(30), $"the survivor failed for {window}");
        Assert.All(log.Where(e => e.OnA).TakeLast(50), e => Assert.True(e.Ok));

        // The survivor stayed ready through the loss of the other nodes.
        using (var probe = new HttpClient { BaseAddress = cluster.First.BaseAddress, Timeout = TimeSpan.FromSeconds(10) })
        {
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/readyz", Cancellation)).StatusCode);
        }

        // No tenant or key state lost: the root key still works and the tenant is listed.
        using var operatorClient = RedisPostgresCluster.Client(cluster.First, RedisPostgresCluster.OperatorToken);
        var tenants = await GetOnceAvailableAsync(operatorClient, "/admin/tenants");
        Assert.Equal(HttpStatusCode.OK, (await RedisPostgresCluster.ChatAsync(a, Cancellation)).StatusCode);
        Assert.Contains(tenants.GetProperty("data").EnumerateArray(), t => t.GetProperty("id").GetString() == tenantId);

        // The ledger: every request the upstream answered, less at most what the killed nodes held unwritten
        // (answered within about a second of each kill, and in flight then); never more (nothing counted twice).
        var upstreamCount = cluster.Upstream.Requests.Count;
        var recorded = await StableLedgerCountAsync(a);
        var bound = log.Count(e => e.Ok && e.At > siloKilledAt - TimeSpan.FromSeconds(2) && e.At <= siloKilledAt)
            + log.Count(e => e.Ok && !e.OnA && e.At > gatewayKilledAt - TimeSpan.FromSeconds(2) && e.At <= gatewayKilledAt) + 2;
        output.WriteLine($"ledger: {recorded} recorded of {upstreamCount} answered upstream (lost {upstreamCount - recorded}, bound {bound})");
        Assert.InRange(upstreamCount - recorded, 0, bound);

        // The killed nodes restart on their ports, rejoin and serve; nothing is counted again.
        await using var silo = cluster.Silo.Start();
        await using var second = cluster.Second.Start();
        var restarted = Stopwatch.StartNew();
        await second.WaitStartedAsync(Cancellation);
        var rejoin = await RedisPostgresCluster.WaitReadyAsync(cluster.Second, TimeSpan.FromSeconds(15), Cancellation) + restarted.Elapsed;
        await silo.WaitStartedAsync(Cancellation);
        using var again = await RedisPostgresCluster.ChatAsync(b, Cancellation);
        output.WriteLine($"restarted gateway ready after {restarted.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(15), $"rejoin took {rejoin}; the restarted gateway wrote:\n{second.Output}");
        Assert.Equal(recorded + 1, await StableLedgerCountAsync(b));
    }

    /// <summary>
    /// A read that may meet 503 while grains of the dead nodes (the tenant directory, say) are not yet placed
    /// elsewhere: retried, paced, for at most 30 s.
    /// </summary>
    private static async Task<JsonElement> GetOnceAvailableAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(path, Cancellation);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            }

            await Task.Delay(200, Cancellation);
        }
    }

    /// <summary>The tenant's recorded requests today, once two reads a second apart agree (reporters retry until delivered).</summary>
    private static async Task<long> StableLedgerCountAsync(HttpClient client)
    {
        long previous = -1;
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.GetAsync("/x/usage", Cancellation);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var usage = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
                var count = usage.GetProperty("totals").GetProperty("requests").GetInt64();
                if (count == previous)
                {
                    return count;
                }

                previous = count;
            }
            else
            {
                // 503 while the ledger's grain moves off a dead node.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        }

        return previous;
    }
}
