namespace XaiRouter.Gateway.Keys.Tests;

[Collection(GatewayCollection.Name)]
public sealed class KeysApiTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RotateSelf_RootKey_NewKeyWorksOldKeyIsRefusedEverywhere()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = (await tenant.CreateProviderKeyAsync("sk-survives-rotation-01")).GetProperty("id").GetString()!;

        using var response = await tenant.Client.PostAsync("/x/keys/self/rotate", null, Cancellation);
        var rotated = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var newKey = rotated.GetProperty("key").GetString()!;
        using var newClient = factory.CreateClientWithKey(newKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(tenant.Key, newKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Client.GetAsync("/x/provider-keys", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Client.GetAsync("/v1/models", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("/x/provider-keys", Cancellation)).StatusCode);
        Assert.Equal("sk-survives-rotation-01", await VaultProbe.DecryptAsync(factory, tenant, id, newKey));
        Assert.Null(await VaultProbe.DecryptAsync(factory, tenant, id, tenant.Key));
    }

    [Fact]
    public async Task Session_RightPassphrase_OpensAShortLivedManageKey()
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        var sessionKey = await KeysTestHelpers.OpenSessionAsync(factory, tenant);
        using var session = factory.CreateClientWithKey(sessionKey);

        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/x/provider-keys", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.PostAsync("/x/keys/self/rotate", null, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.PostAsJsonAsync("/x/passphrase", new { passphrase = "another long passphrase" }, Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Session_WrongPassphraseOrUnknownTenant_Returns401Alike()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        await KeysTestHelpers.OpenSessionAsync(factory, tenant);
        using var client = factory.CreateClient();

        using var wrong = await client.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = "not the passphrase at all" }, Cancellation);
        using var unknown = await client.PostAsJsonAsync("/x/session", new { tenant = "AAAAAAAAAAAAAAAAAAAAAA", passphrase = KeysTestHelpers.Passphrase }, Cancellation);
        using var noPassphraseSet = await client.PostAsJsonAsync("/x/session", new { tenant = (await TenantSession.CreateAsync(factory)).Id, passphrase = KeysTestHelpers.Passphrase }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noPassphraseSet.StatusCode);
        Assert.Equal(
            (await wrong.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(),
            (await unknown.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/x/passphrase", """{"passphrase":"short"}""", "passphrase")]
    [InlineData("/x/passphrase", """{}""", "passphrase")]
    [InlineData("/x/passphrase", """[1]""", "not valid JSON")]
    [InlineData("/x/session", """{"passphrase":"correct horse battery staple"}""", "tenant")]
    [InlineData("/x/session", """{"tenant":"AAAAAAAAAAAAAAAAAAAAAA"}""", "passphrase")]
    [InlineData("/x/session", """nope""", "not valid JSON")]
    public async Task BadBody_Returns400ProblemDetails(string path, string body, string expected)
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        using var response = await tenant.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passphrase_SetAgain_OldPassphraseStopsWorking()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        await KeysTestHelpers.OpenSessionAsync(factory, tenant);
        using var client = factory.CreateClient();

        (await tenant.Client.PostAsJsonAsync("/x/passphrase", new { passphrase = "a brand new passphrase" }, Cancellation)).EnsureSuccessStatusCode();
        using var old = await client.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = KeysTestHelpers.Passphrase }, Cancellation);
        using var fresh = await client.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = "a brand new passphrase" }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
    }
}
