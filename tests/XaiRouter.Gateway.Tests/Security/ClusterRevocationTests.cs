using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Tenants;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// A key rotated through one silo is refused through the other at once (the bound is 1 s): credential records
/// are read from their grain on every authentication, and the grain lives once in the cluster.
/// </summary>
public sealed class ClusterRevocationTests(TwoSiloClusterFixture cluster) : IClassFixture<TwoSiloClusterFixture>, IDisposable
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
        var (_, rootKey) = await new TenantAdministration(first, _vault, TimeProvider.System, NullLogger<TenantAdministration>.Instance)
            .CreateAsync("cluster", TestContext.Current.CancellationToken);
        Assert.Equal(AuthenticationOutcome.Success, (await AuthenticateAsync(second, rootKey)).Outcome);

        var caller = (await AuthenticateAsync(first, rootKey)).Key!;
        var rotated = await new KeyAdministration(first, _vault, _hasher, _throttle, TimeProvider.System).RotateRootAsync(caller);
        var newKey = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Ok<RotatedKeyResponse>>(rotated.Result).Value!.Key;

        Assert.Equal(AuthenticationOutcome.Unauthorized, (await AuthenticateAsync(second, rootKey)).Outcome);
        Assert.Equal(AuthenticationOutcome.Unauthorized, (await AuthenticateAsync(first, rootKey)).Outcome);
        Assert.Equal(AuthenticationOutcome.Success, (await AuthenticateAsync(second, newKey)).Outcome);
    }

    public void Dispose()
    {
        _vault.Dispose();
        _hasher.Dispose();
    }

    private async Task<AuthenticationResult> AuthenticateAsync(IGrainFactory grains, string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + key;
        return await new AccessKeyAuthenticator(grains, _vault, _throttle, new ClientAddresses(Options.Create(new NetworkOptions())), TimeProvider.System).AuthenticateAsync(context);
    }
}
