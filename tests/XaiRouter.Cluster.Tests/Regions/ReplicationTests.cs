using System.Diagnostics;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>Control-plane state written in region a serves traffic in region b within the replication lag.</summary>
[Collection(TwoRegionsCollection.Name)]
public sealed class ReplicationTests(TwoRegions regions, ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TenantCreatedInA_ServesV1TrafficInB_WithinTheReplicationLag()
    {
        output.WriteLine($"two regions started (replication included) in {regions.StartedIn.TotalSeconds:0.0} s");
        var (_, key) = await regions.CreateTenantAsync(regions.A, "lag", ["gpt-4o"], Cancellation);

        // Measured from the last write (the provider key) in a to the first answer served in b.
        var clock = Stopwatch.StartNew();
        var lag = await RegionChat.UntilStatusAsync(regions.B, key, "gpt-4o", 200, clock, RegionBounds.ReplicationLag, Cancellation);

        output.WriteLine($"tenant created in a served in b after {lag.TotalMilliseconds:0} ms");
        Assert.True(lag < RegionBounds.ReplicationLag, $"lag {lag}");
        Assert.Equal(200, await RegionChat.StatusAsync(regions.A, key, "gpt-4o", Cancellation));
    }

    [Fact]
    public async Task ProviderKeyAddedInA_WorksInB_WithItsOwnUpstreamCredential()
    {
        var (_, key) = await regions.CreateTenantAsync(regions.A, "pk", ["gpt-4o"], Cancellation);
        await RegionChat.UntilStatusAsync(regions.B, key, "gpt-4o", 200, Stopwatch.StartNew(), RegionBounds.ReplicationLag, Cancellation);

        var clock = Stopwatch.StartNew();
        await regions.AddProviderKeyAsync(regions.A, key, "second-pk", ["gpt-4.1"], Cancellation);
        var lag = await RegionChat.UntilStatusAsync(regions.B, key, "gpt-4.1", 200, clock, RegionBounds.ReplicationLag, Cancellation);

        output.WriteLine($"provider key added in a used in b after {lag.TotalMilliseconds:0} ms");
        Assert.True(lag < RegionBounds.ReplicationLag, $"lag {lag}");
        // b decrypted the replicated ciphertext with the caller's key: the upstream saw the plaintext added in a.
        Assert.Contains(regions.Upstream.Requests, r => r.Body.Contains("\"gpt-4.1\"", StringComparison.Ordinal)
            && r.Headers.TryGetValue("Authorization", out var authorization) && authorization == "Bearer sk-region-upstream-second-pk");
    }
}
