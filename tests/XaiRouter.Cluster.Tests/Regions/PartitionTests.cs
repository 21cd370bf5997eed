using System.Diagnostics;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>
/// With every link between the regions cut (replication, revocation feed, management calls), b keeps serving a's
/// tenant and refuses its management writes with 421 naming a; after healing, both regions' usage totals equal
/// what the upstream answered: nothing lost, nothing counted twice.
/// </summary>
[Collection(TwoRegionsCollection.Name)]
public sealed class PartitionTests(TwoRegions regions, ITestOutputHelper output)
{
    // The fake upstream reports 7 prompt and 3 completion tokens for this model, used by this test only.
    private const string Model = "usage-7-3";
    private const int PerRegion = 5;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Partitioned_BServesAsTenant_RefusesItsWritesWith421_AndAfterHealingUsageEqualsWhatTheUpstreamAnswered()
    {
        var (_, rootKey) = await regions.CreateTenantAsync(regions.A, "partition", [Model], Cancellation);
        await RegionChat.UntilStatusAsync(regions.B, rootKey, Model, 200, Stopwatch.StartNew(), RegionBounds.ReplicationLag, Cancellation);
        var servedInBBefore = 1;

        regions.Partition();
        try
        {
            var clock = Stopwatch.StartNew();
            var inB = new List<int>();
            var inA = new List<int>();
            for (var i = 0; i < PerRegion; i++)
            {
                inB.Add(await RegionChat.StatusAsync(regions.B, rootKey, Model, Cancellation));
                inA.Add(await RegionChat.StatusAsync(regions.A, rootKey, Model, Cancellation));
            }

            output.WriteLine($"partitioned: {PerRegion} requests in each region in {clock.Elapsed.TotalMilliseconds:0} ms, b: [{string.Join(",", inB)}], a: [{string.Join(",", inA)}]");
            Assert.All(inB, status => Assert.Equal(200, status));
            Assert.All(inA, status => Assert.Equal(200, status));

            using var onB = TwoRegions.Client(regions.B, rootKey);
            using var write = await onB.PostAsJsonAsync("/x/keys", new { name = "written-in-b" }, Cancellation);
            var problem = await write.Content.ReadAsStringAsync(Cancellation);
            output.WriteLine($"POST /x/keys in b: {(int)write.StatusCode} {problem}");
            Assert.Equal(HttpStatusCode.MisdirectedRequest, write.StatusCode);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
            Assert.Equal("a", JsonDocument.Parse(problem).RootElement.GetProperty("home_region").GetString());
            Assert.Equal("a", Assert.Single(write.Headers.GetValues("X-Xai-Home-Region")));

            // Recorded locally while cut off: b's totals hold b's own requests (a's are missing, not guessed).
            var localInB = await RequestsAsync(regions.B, rootKey, servedInBBefore + PerRegion);
            Assert.Equal(servedInBBefore + PerRegion, localInB);
        }
        finally
        {
            regions.Heal();
        }

        var answered = regions.Upstream.Requests.Count(r => r.Body.Contains($"\"{Model}\"", StringComparison.Ordinal));
        Assert.Equal(servedInBBefore + 2 * PerRegion, answered);
        var healed = Stopwatch.StartNew();
        foreach (var region in new[] { regions.A, regions.B })
        {
            var totals = await TotalsAsync(region, rootKey, answered, healed);
            output.WriteLine($"after healing, {region.Name}'s /x/usage totals after {healed.Elapsed.TotalMilliseconds:0} ms: {totals}");
            Assert.Equal(answered, totals.GetProperty("requests").GetInt64());
            Assert.Equal(7L * answered, totals.GetProperty("input_tokens").GetInt64());
            Assert.Equal(3L * answered, totals.GetProperty("output_tokens").GetInt64());
        }
    }

    /// <summary>Today's <c>totals.requests</c> in <paramref name="region"/>, once it reaches <paramref name="expected"/> (ledgers flush every second) or the deadline passes.</summary>
    private async Task<long> RequestsAsync(RegionCluster region, string key, long expected) =>
        (await TotalsAsync(region, key, expected, Stopwatch.StartNew())).GetProperty("requests").GetInt64();

    /// <remarks>
    /// A 503 with <c>Retry-After</c> is the router's answer to a passing outage inside its own cluster (a grain call
    /// failing while a silo is starved on this shared machine): retried like a client would, within the same deadline,
    /// and written to the output. Any other status fails at once, with both processes' output.
    /// </remarks>
    private async Task<JsonElement> TotalsAsync(RegionCluster region, string key, long expectedRequests, Stopwatch since)
    {
        using var client = TwoRegions.Client(region, key);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        JsonElement? totals = null;
        string? lastRefusal = null;
        do
        {
            using var response = await client.GetAsync($"/x/usage?from={today}&to={today}", Cancellation);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
            {
                lastRefusal = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}";
                output.WriteLine($"GET /x/usage in {region.Name} after {since.Elapsed.TotalMilliseconds:0} ms: {lastRefusal}");
                output.WriteLine(string.Join("\n", region.Output.Split('\n').Where(static line => line.Contains("outage", StringComparison.Ordinal) || line.Contains("xception", StringComparison.Ordinal)).TakeLast(20)));
                await Task.Delay(response.Headers.RetryAfter.Delta ?? TimeSpan.FromSeconds(1), Cancellation);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK,
                $"GET /x/usage in {region.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}\n{region.Output}");
            totals = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("totals").Clone();
            if (totals.Value.GetProperty("requests").GetInt64() >= expectedRequests)
            {
                return totals.Value;
            }

            await Task.Delay(100, Cancellation);
        }
        while (since.Elapsed < RegionBounds.UsageReconciled);

        Assert.True(totals is not null, $"GET /x/usage in {region.Name} never answered 200 within {RegionBounds.UsageReconciled}: {lastRefusal}\n{region.Output}");
        return totals.Value;
    }
}
