namespace XaiRouter.Grains.Tests.Tenants;

/// <summary>The tenant grain checks and spends a claim token hash in one turn.</summary>
public sealed class TenantGrainClaimTests(GrainClusterFixture fixture) : ClusterTestBase(fixture)
{
    private static readonly byte[] Hash = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public async Task ClaimAsync_CurrentToken_RecordsTheRootKeyOnce()
    {
        var sut = await CreateAsync(DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(ClaimStatus.Pending, await sut.CheckClaimAsync(Hash));
        Assert.Null((await sut.GetVaultAsync())!.RootKeyId);
        Assert.False((await sut.GetAsync())!.Claimed);
        Assert.Equal(ClaimStatus.Claimed, await sut.ClaimAsync(Hash, "rootKeyId"));
        Assert.Equal(ClaimStatus.AlreadyClaimed, await sut.ClaimAsync(Hash, "otherKeyId"));
        Assert.Equal("rootKeyId", (await sut.GetVaultAsync())!.RootKeyId);
        Assert.True((await sut.GetAsync())!.Claimed);
        Assert.Equal(ClaimStatus.AlreadyClaimed, await sut.ReplaceClaimTokenAsync(Hash, DateTimeOffset.UtcNow.AddDays(1)));
    }

    [Fact]
    public async Task ClaimAsync_ConcurrentClaims_ExactlyOneWins()
    {
        var sut = await CreateAsync(DateTimeOffset.UtcNow.AddDays(1));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => sut.ClaimAsync(Hash, "key" + i)));

        Assert.Single(outcomes, o => o == ClaimStatus.Claimed);
        Assert.Equal(15, outcomes.Count(o => o == ClaimStatus.AlreadyClaimed));
    }

    [Fact]
    public async Task ClaimAsync_WrongExpiredOrReplacedToken_IsRefused()
    {
        var expired = await CreateAsync(DateTimeOffset.UtcNow.AddSeconds(-1));
        var replaced = await CreateAsync(DateTimeOffset.UtcNow.AddDays(1));
        byte[] other = [.. Hash.Reverse()];

        Assert.Equal(ClaimStatus.Unknown, await replaced.ClaimAsync([.. Hash.Take(31), 0xFF], "rootKeyId"));
        Assert.Equal(ClaimStatus.Expired, await expired.ClaimAsync(Hash, "rootKeyId"));
        Assert.Equal(ClaimStatus.Pending, await replaced.ReplaceClaimTokenAsync(other, DateTimeOffset.UtcNow.AddDays(1)));
        Assert.Equal(ClaimStatus.Unknown, await replaced.ClaimAsync(Hash, "rootKeyId"));
        Assert.Equal(ClaimStatus.Claimed, await replaced.ClaimAsync(other, "rootKeyId"));
        Assert.Equal(ClaimStatus.Unknown, await Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(NewTenantId())).ClaimAsync(Hash, "rootKeyId"));
        Assert.Null((await expired.GetVaultAsync())!.RootKeyId);
    }

    private async Task<ITenantGrain> CreateAsync(DateTimeOffset claimExpiresAt)
    {
        var sut = Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(NewTenantId()));
        await sut.CreateUnclaimedAsync("unclaimed", DateTimeOffset.UtcNow, Hash, claimExpiresAt);
        return sut;
    }
}
