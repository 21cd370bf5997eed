using System.Globalization;

namespace XaiRouter.Cluster.Tests;

/// <summary>
/// The Orleans dashboard in a real cluster (Redis membership, PostgreSQL storage) where only the second Gateway
/// enables it; the Silo process never references the package and the first Gateway has it off. The dashboard's grains
/// live on the node that runs it, the cluster pages list all three silos, and the per-silo pages of the other nodes
/// answer 503 instead of failing.
/// </summary>
public sealed class ClusterDashboardTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DashboardOnOneGateway_SeesTheWholeCluster_AndKeepsItsGrainsHome()
    {
        await using var cluster = await RedisPostgresCluster.StartAsync(Cancellation, "--Dashboard:Enabled", "true");
        using var client = RedisPostgresCluster.Client(cluster.Second, RedisPostgresCluster.OperatorToken);

        // Off on the first Gateway: absent there.
        using (var absent = RedisPostgresCluster.Client(cluster.First, RedisPostgresCluster.OperatorToken))
        {
            using var answer = await absent.GetAsync("/admin/dashboard/DashboardCounters", Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }

        // The dashboard grain refreshes its view of the cluster at most once a second.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement counters;
        List<string> silos;
        while (true)
        {
            counters = JsonDocument.Parse(await client.GetStringAsync("/admin/dashboard/DashboardCounters", Cancellation)).RootElement;
            silos = [.. counters.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("siloAddress").GetString()!)];
            if (silos.Count >= 3 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200, Cancellation);
        }

        Assert.Equal(3, silos.Count);
        string SiloOf(int port) => Assert.Single(silos, s => s.StartsWith($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}@", StringComparison.Ordinal));
        var dashboardSilo = SiloOf(cluster.Second.SiloPort);
        var dashboardActivations = counters.GetProperty("simpleGrainStats").EnumerateArray()
            .Where(s => s.GetProperty("grainType").GetString()!.StartsWith("Orleans.Dashboard.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(dashboardActivations);
        Assert.All(dashboardActivations, s => Assert.Equal(dashboardSilo, s.GetProperty("siloAddress").GetString()));

        using (var own = await client.GetAsync($"/admin/dashboard/SiloProperties/{dashboardSilo}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        foreach (var other in new[] { SiloOf(cluster.Silo.SiloPort), SiloOf(cluster.First.SiloPort) })
        {
            using var answer = await client.GetAsync($"/admin/dashboard/SiloProperties/{other}", Cancellation);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Contains("Dashboard request", cluster.SecondProcess.Output);
            using var stats = await client.GetAsync($"/admin/dashboard/SiloStats/{other}", Cancellation);
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        }
    }
}
