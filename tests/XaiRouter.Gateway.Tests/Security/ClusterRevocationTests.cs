using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Grains.Hosting;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Tenants;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// A key rotated through one silo is refused through the other at once (the bound is 1 s): credential records
/// are read from their grain on every authentication, and the grain lives once in the cluster.
/// </summary>
public sealed class ClusterRevocationTests(TwoSiloClusterFixture cluster, ITestOutputHelper output) : IClassFixture<TwoSiloClusterFixture>, IDisposable
{
    private readonly KeyVault _vault = new([]);
    private readonly PassphraseHasher _hasher = new();
    private readonly FailureThrottle _throttle = new(Options.Create(new AuthOptions { FailureBurst = 1000 }), TimeProvider.System);

    [Fact]
    public async Task RotateRootKey_OnOneSilo_OldKeyRefusedOnTheOtherAtOnce()
    {
        var silos = cluster.Cluster.Silos;
        Assert.Equal(2, silos.Count);
        var first = silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
        var second = silos[1].ServiceProvider.GetRequiredService<IGrainFactory>();
        var rootKey = await CreateAndClaimAsync(first, "cluster");
        Assert.Equal(AuthenticationOutcome.Success, (await AuthenticateAsync(second, rootKey)).Outcome);

        var caller = (await AuthenticateAsync(first, rootKey)).Key!;
        var rotated = await new KeyAdministration(first, _vault, _hasher, _throttle, TimeProvider.System, new VaultWriteGate(first), new Pools.PoolRekeying(first, new Pools.SlotWrites(first), TimeProvider.System), new KeyRecordUpgrade(first, new RecordCache(first, TimeProvider.System), Options.Create(new RegionOptions()), NullLogger<KeyRecordUpgrade>.Instance)).RotateRootAsync(caller);
        var newKey = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Ok<RotatedKeyResponse>>(rotated.Result).Value!.Key;

        Assert.Equal(AuthenticationOutcome.Unauthorized, (await AuthenticateAsync(second, rootKey)).Outcome);
        Assert.Equal(AuthenticationOutcome.Unauthorized, (await AuthenticateAsync(first, rootKey)).Outcome);
        Assert.Equal(AuthenticationOutcome.Success, (await AuthenticateAsync(second, newKey)).Outcome);
    }

    [Fact]
    public async Task RevokeMiddleKey_OnOneSilo_LeafRefusedOnTheOtherWithinOneSecond()
    {
        var first = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
        var second = cluster.Cluster.Silos[1].ServiceProvider.GetRequiredService<IGrainFactory>();
        var rootKey = await CreateAndClaimAsync(first, "subtree");
        var keys = new SubKeyAdministration(first, _vault, new KeyAdministration(first, _vault, _hasher, _throttle, TimeProvider.System, new VaultWriteGate(first), new Pools.PoolRekeying(first, new Pools.SlotWrites(first), TimeProvider.System), new KeyRecordUpgrade(first, new RecordCache(first, TimeProvider.System), Options.Create(new RegionOptions()), NullLogger<KeyRecordUpgrade>.Instance)), TimeProvider.System, new VaultWriteGate(first));
        var root = (await AuthenticateAsync(first, rootKey)).Key!;
        var middle = await CreateAsync(keys, root, new KeyRequest("middle", null, null, null, null, null, true, null, null));
        var leaf = await CreateAsync(keys, (await AuthenticateAsync(first, middle.Key!)).Key!, new KeyRequest("leaf", null, null, null, null, null, null, null, null));
        Assert.Equal(AuthenticationOutcome.Success, (await AuthenticateAsync(second, leaf.Key!)).Outcome);

        Assert.True(await keys.RevokeAsync(root, middle.Id));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = AuthenticationOutcome.Success;
        while (outcome == AuthenticationOutcome.Success && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            outcome = (await AuthenticateAsync(second, leaf.Key!)).Outcome;
        }

        output.WriteLine($"Leaf refused on the second silo {clock.Elapsed.TotalMilliseconds:F1} ms after the revocation returned.");
        Assert.Equal(AuthenticationOutcome.Unauthorized, outcome);
    }

    public void Dispose()
    {
        _vault.Dispose();
        _hasher.Dispose();
    }

    private static async Task<KeyResponse> CreateAsync(SubKeyAdministration keys, Vault.UnlockedKey caller, KeyRequest request)
    {
        var created = await keys.CreateAsync(caller, request);
        return Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Created<KeyResponse>>(created.Result).Value!;
    }

    /// <summary>Creates a tenant through the operator's path and claims it through the tenant's: returns the root key.</summary>
    private async Task<string> CreateAndClaimAsync(IGrainFactory grains, string name)
    {
        var (_, claimToken) = await new TenantAdministration(grains, TimeProvider.System, new XaiRouter.Grains.RouterClock(TimeProvider.System),
            Options.Create(new TenantsOptions()), NullLogger<TenantAdministration>.Instance).CreateAsync(name, TestContext.Current.CancellationToken);
        var claimed = await new TenantClaims(grains, _vault, _throttle, TimeProvider.System, NullLogger<TenantClaims>.Instance).ClaimAsync(claimToken.Token, "127.0.0.1");
        return Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Created<ClaimResponse>>(claimed.Result).Value!.Key;
    }

    private async Task<AuthenticationResult> AuthenticateAsync(IGrainFactory grains, string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + key;
        var cache = new RecordCache(grains, TimeProvider.System);
        return await new AccessKeyAuthenticator(cache, _vault, _throttle, new ClientAddresses(Options.Create(new NetworkOptions())), TimeProvider.System,
            new KeyRecordUpgrade(grains, cache, Options.Create(new RegionOptions()), NullLogger<KeyRecordUpgrade>.Instance)).AuthenticateAsync(context);
    }
}
