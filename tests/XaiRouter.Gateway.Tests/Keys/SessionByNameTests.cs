namespace XaiRouter.Gateway.Keys.Tests;

/// <summary><c>POST /x/session</c> takes the tenant's name as well as its id: the console signs in by name.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionByNameTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Session_ByUniqueName_AnyCase_OpensTheTenantsSession()
    {
        var name = "Named " + Guid.NewGuid().ToString("N")[..10];
        using var tenant = await TenantSession.CreateAsync(factory, name);
        await KeysTestHelpers.OpenSessionAsync(factory, tenant);

        using var session = await OpenAsync(name.ToUpperInvariant());
        var key = (await session.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
        using var client = factory.CreateClientWithKey(key);
        using var keys = await client.GetAsync("/x/keys", Cancellation);

        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await OpenAsync(name, "not the passphrase at all")).StatusCode);
    }

    [Fact]
    public async Task Session_ByNameTwoTenantsShare_OrNobodyHas_Returns401LikeAWrongPassphrase()
    {
        var shared = "Shared " + Guid.NewGuid().ToString("N")[..10];
        using var first = await TenantSession.CreateAsync(factory, shared);
        using var second = await TenantSession.CreateAsync(factory, shared);
        await KeysTestHelpers.OpenSessionAsync(factory, first);

        using var ambiguous = await OpenAsync(shared);
        using var unknown = await OpenAsync("Nobody " + Guid.NewGuid().ToString("N")[..10]);
        using var byId = await OpenAsync(first.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, ambiguous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byId.StatusCode);
    }

    private async Task<HttpResponseMessage> OpenAsync(string tenant, string passphrase = KeysTestHelpers.Passphrase)
    {
        using var client = factory.CreateClient();
        return await client.PostAsJsonAsync("/x/session", new { tenant, passphrase }, Cancellation);
    }
}
