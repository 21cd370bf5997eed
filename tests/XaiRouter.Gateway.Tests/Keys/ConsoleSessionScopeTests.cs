namespace XaiRouter.Gateway.Keys.Tests;

/// <summary>
/// A console session (opened with the root's passphrase) is the root's stand-in in the console: it sees and manages
/// the root's subtree, provider keys and pools, but never reaches the root key itself.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleSessionScopeTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Session_SeesTheRootsKeysProviderKeysPoolsAndRequests()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var team = await CreateKeyAsync(tenant.Client, "team", manage: true);
        using var teamClient = factory.CreateClientWithKey(team.GetProperty("key").GetString()!);
        var child = await CreateKeyAsync(teamClient, "child", manage: false);
        var providerKeyId = (await tenant.CreateProviderKeyAsync("sk-session-scope-01")).GetProperty("id").GetString()!;
        using var session = factory.CreateClientWithKey(await KeysTestHelpers.OpenSessionAsync(factory, tenant));

        var keys = await ReadListAsync(session, "/x/keys");
        var providerKeys = await ReadListAsync(session, "/x/provider-keys");
        var pools = await ReadListAsync(session, "/x/pools");
        using var requests = await session.GetAsync($"/x/requests?key={team.GetProperty("id").GetString()}", Cancellation);
        using var teamOnly = await session.GetAsync($"/x/keys/{child.GetProperty("id").GetString()}", Cancellation);

        Assert.Contains(team.GetProperty("id").GetString(), keys.Select(k => k.GetProperty("id").GetString()));
        Assert.Contains(child.GetProperty("id").GetString(), keys.Select(k => k.GetProperty("id").GetString()));
        Assert.Contains(providerKeyId, providerKeys.Select(k => k.GetProperty("id").GetString()));
        Assert.Contains("default", pools.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);
        Assert.Equal(HttpStatusCode.OK, teamOnly.StatusCode);
    }

    [Fact]
    public async Task Session_RevokesTheRootsSubKeys_ButNeverTheRoot()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var team = await CreateKeyAsync(tenant.Client, "team", manage: true);
        using var teamClient = factory.CreateClientWithKey(team.GetProperty("key").GetString()!);
        using var session = factory.CreateClientWithKey(await KeysTestHelpers.OpenSessionAsync(factory, tenant));
        var rootId = tenant.Key.Substring(6, 17);

        using var revoked = await session.DeleteAsync($"/x/keys/{team.GetProperty("id").GetString()}", Cancellation);
        using var root = await session.DeleteAsync($"/x/keys/{rootId}", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await teamClient.GetAsync("/v1/models", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.GetAsync("/v1/models", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task SubKey_StillSeesOnlyItsOwnSubtree()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var team = await CreateKeyAsync(tenant.Client, "team", manage: true);
        var sibling = await CreateKeyAsync(tenant.Client, "sibling", manage: false);
        using var teamClient = factory.CreateClientWithKey(team.GetProperty("key").GetString()!);

        var keys = await ReadListAsync(teamClient, "/x/keys");
        using var siblingRequests = await teamClient.GetAsync($"/x/requests?key={sibling.GetProperty("id").GetString()}", Cancellation);

        Assert.DoesNotContain(sibling.GetProperty("id").GetString(), keys.Select(k => k.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, siblingRequests.StatusCode);
    }

    private static async Task<JsonElement> CreateKeyAsync(HttpClient client, string name, bool manage)
    {
        using var created = await client.PostAsJsonAsync("/x/keys", new { name, manage }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static async Task<List<JsonElement>> ReadListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("data").EnumerateArray()];
    }
}
