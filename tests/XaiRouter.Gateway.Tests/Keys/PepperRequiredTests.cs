namespace XaiRouter.Gateway.Keys.Tests;

/// <summary>
/// Without <c>Vault:Pepper</c> no passphrase slot can exist (a database copy could be guessed offline), and no
/// session is attempted; with the pepper, the passphrase PRK depends on it.
/// </summary>
public sealed class PepperRequiredTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new() { Pepper = null };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PassphraseAndSession_WithoutPepper_Return409NamingTheSetting()
    {
        using var tenant = await TenantSession.CreateAsync(_factory, "no pepper");
        using var anonymous = _factory.CreateClient();

        using var set = await tenant.Client.PostAsJsonAsync("/x/passphrase", new { passphrase = KeysTestHelpers.Passphrase }, Cancellation);
        using var session = await anonymous.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = KeysTestHelpers.Passphrase }, Cancellation);
        var vaultIndex = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(_factory.Services)
            .GetGrain<XaiRouter.Grains.Abstractions.Tenants.ITenantGrain>(XaiRouter.Grains.Abstractions.GrainKeys.Tenant(tenant.Id)).GetVaultAsync();

        Assert.Equal(HttpStatusCode.Conflict, set.StatusCode);
        Assert.Contains("Vault:Pepper", (await set.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, session.StatusCode);
        Assert.Contains("Vault:Pepper", (await session.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(vaultIndex!.PassphraseKeyId);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
