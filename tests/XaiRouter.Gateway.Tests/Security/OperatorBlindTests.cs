using System.Text;
using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>With the operator token and every stored record, nothing decrypts a provider key.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OperatorBlindTests(GatewayFactory factory)
{
    [Fact]
    public async Task OperatorTokenAndStoredRecords_DecryptNothing()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = (await tenant.CreateProviderKeyAsync("sk-operator-cannot-read")).GetProperty("id").GetString()!;
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var vault = factory.Services.GetRequiredService<KeyVault>();
        var vaultIndex = await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).GetVaultAsync();
        var credential = await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(vaultIndex!.RootKeyId!)).GetAsync();
        var record = await grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(tenant.Id, id)).GetAsync();

        // Everything the platform holds, tried as key material: the operator token, the verifier, the salt.
        var candidates = new[]
        {
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(factory.OperatorToken)),
            credential!.Verifier,
            credential.Salt,
            new byte[32],
        };

        foreach (var candidate in candidates)
        {
            Assert.Null(vault.Unlock(credential, candidate, record!));
            Assert.Null(vault.Verify(credential, candidate));
        }

        Assert.Equal("sk-operator-cannot-read", await VaultProbe.DecryptAsync(factory, tenant, id));
    }
}
