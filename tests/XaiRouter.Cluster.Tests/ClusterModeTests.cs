using System.Diagnostics;

namespace XaiRouter.Cluster.Tests;

/// <summary>Cluster mode with real processes, a real Redis and a real PostgreSQL.</summary>
public sealed class ClusterModeTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoGatewaysAndASilo_StateMadeOnOneWorksOnTheOther_AndRevocationSpreadsWithinOneSecond()
    {
        await using var cluster = await RedisPostgresCluster.StartAsync(Cancellation);
        var (_, rootKey) = await cluster.CreateTenantAsync(cluster.First, Cancellation);
        using var onFirst = RedisPostgresCluster.Client(cluster.First, rootKey);
        using var created = await onFirst.PostAsJsonAsync("/x/keys", new { name = "app" }, Cancellation);
        var sub = await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        using var subOnSecond = RedisPostgresCluster.Client(cluster.Second, sub.GetProperty("key").GetString()!);

        using var served = await RedisPostgresCluster.ChatAsync(subOnSecond, Cancellation);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        using var revoked = await onFirst.DeleteAsync($"/x/keys/{sub.GetProperty("id").GetString()}", Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        // B may serve from its cached copy of the key's record for a moment; bounded in count and time.
        var clock = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 1000 && status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(5); i++)
        {
            using var response = await RedisPostgresCluster.ChatAsync(subOnSecond, Cancellation);
            status = response.StatusCode;
        }

        output.WriteLine($"revocation on A refused on B after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"B accepted the revoked key for {clock.Elapsed}");
    }

    [Fact]
    public async Task RateLimit_HoldsAcrossBothGatewaysOfTheRealCluster()
    {
        await using var cluster = await RedisPostgresCluster.StartAsync(Cancellation);
        var (_, rootKey) = await cluster.CreateTenantAsync(cluster.First, Cancellation);
        using var onFirst = RedisPostgresCluster.Client(cluster.First, rootKey);
        using var created = await onFirst.PostAsJsonAsync("/x/keys", new { name = "limited", limits = new { rpm = 20 } }, Cancellation);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
        using var a = RedisPostgresCluster.Client(cluster.First, key);
        using var b = RedisPostgresCluster.Client(cluster.Second, key);

        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => RedisPostgresCluster.ChatAsync(i % 2 == 0 ? a : b, Cancellation)));
        var elapsed = clock.Elapsed;

        // The bucket refills at 20 per minute while the burst runs: that, and nothing else, may be admitted on top.
        var admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refill = (int)Math.Ceiling(elapsed.TotalSeconds * 20 / 60);
        output.WriteLine($"rpm=20, 60 requests over two gateway processes in {elapsed.TotalMilliseconds:0} ms: {admitted} admitted");
        Assert.InRange(admitted, 20, 20 + refill);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
    }

    [Fact]
    public async Task RedisBrieflyUnavailable_RunningNodesKeepServing()
    {
        await using var cluster = await RedisPostgresCluster.StartAsync(Cancellation);
        var (_, rootKey) = await cluster.CreateTenantAsync(cluster.First, Cancellation);
        using var a = RedisPostgresCluster.Client(cluster.First, rootKey);
        using var b = RedisPostgresCluster.Client(cluster.Second, rootKey);

        await RedisCliAsync("CLIENT", "PAUSE", "4000", "ALL");
        var clock = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 400 && clock.Elapsed < TimeSpan.FromSeconds(4); i++)
        {
            using var response = await RedisPostgresCluster.ChatAsync(i % 2 == 0 ? a : b, Cancellation);
            statuses.Add(response.StatusCode);
        }

        output.WriteLine($"{statuses.Count} requests while Redis was paused for 4 s: {statuses.Count(s => s == HttpStatusCode.OK)} succeeded");
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task PostgresUnavailableAtStartup_RetriesWithAClearMessage_ThenStopsWithoutAStackTrace()
    {
        using var data = new TempDirectory();
        var deadPort = FreePorts.Next();
        var node = new GatewayNode(data.Path, "--Storage:Provider", "postgres", "--Storage:ConnectionString", $"Host=127.0.0.1;Port={deadPort};Username=xai;Database=xai",
            "--Storage:StartupTimeout", "00:00:05");

        await using var gateway = node.Start();
        var exitCode = await gateway.WaitForExitAsync(Cancellation);

        Assert.Equal(3, exitCode);
        Assert.Contains("Grain storage (Postgres) is not reachable yet", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("retrying in 2 s", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("did not answer within 5 s", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }

    private static async Task RedisCliAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(TestServers.RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(Cancellation);
        Assert.Equal(0, process.ExitCode);
    }
}
