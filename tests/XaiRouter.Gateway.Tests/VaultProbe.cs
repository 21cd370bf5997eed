using System.Text;
using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions;

namespace XaiRouter.Gateway.Tests;

/// <summary>Decrypts a stored provider key the way the request pipeline will: with an access key and the vault.</summary>
public static class VaultProbe
{
    /// <returns>The plaintext, or <see langword="null"/> when <paramref name="accessKey"/> cannot open it.</returns>
    public static async Task<string?> DecryptAsync(GatewayFactory factory, TenantSession tenant, string providerKeyId, string? accessKey = null)
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var vault = factory.Services.GetRequiredService<KeyVault>();
        var secret = new byte[32];
        Assert.True(AccessKeyFormat.TryParse(accessKey ?? tenant.Key, secret, out var keyId));
        var credential = await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId!)).GetAsync();
        var record = await grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(tenant.Id, providerKeyId)).GetAsync();
        using var plaintext = vault.Unlock(credential!, secret, record!);
        return plaintext is null ? null : Encoding.UTF8.GetString(plaintext.Span);
    }
}
