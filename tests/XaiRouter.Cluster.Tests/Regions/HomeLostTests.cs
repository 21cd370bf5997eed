using System.Diagnostics;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>The runbook: region a (a tenant's home) is gone for good; b serves, the operator moves the home to b, writes work in b.</summary>
[Collection(HomeLostCollection.Name)]
public sealed class HomeLostTests(TwoRegions regions, ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HomeRegionKilled_BServes_MoveHomeCommandMovesTheTenantToB_WritesWorkInB()
    {
        var (tenantId, rootKey) = await regions.CreateTenantAsync(regions.A, "homeless", ["gpt-4o"], Cancellation);
        await RegionChat.UntilStatusAsync(regions.B, rootKey, "gpt-4o", 200, Stopwatch.StartNew(), RegionBounds.ReplicationLag, Cancellation);

        // The whole region is gone: its processes, and its database as the other region reaches it.
        await regions.A.KillAsync();
        regions.Partition();
        Assert.Equal(200, await RegionChat.StatusAsync(regions.B, rootKey, "gpt-4o", Cancellation));
        using var onB = TwoRegions.Client(regions.B, rootKey);
        using (var refused = await onB.PostAsJsonAsync("/x/keys", new { name = "before-move" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = await AdminProcess.RunAsync(regions.B.AdminEnvironment, ["tenants", "move-home", tenantId], Cancellation);
        output.WriteLine($"xai-admin tenants move-home {tenantId}: exit {exitCode} after {clock.Elapsed.TotalMilliseconds:0} ms\n{stdout}\n{stderr}");
        Assert.Equal(0, exitCode);

        using var created = await onB.PostAsJsonAsync("/x/keys", new { name = "after-move" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subKey = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
        Assert.Equal(200, await RegionChat.StatusAsync(regions.B, subKey, "gpt-4o", Cancellation));
        Assert.Equal(200, await RegionChat.StatusAsync(regions.B, rootKey, "gpt-4o", Cancellation));
    }
}
