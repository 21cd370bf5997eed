namespace XaiRouter.Gateway.Keys.Tests;

/// <summary>
/// Console sessions are keys of the tenant like any other for its root: listed (kind <c>session</c>) and revocable, as
/// are the keys a session created; the root itself cannot be revoked (that would leave the tenant without a key while
/// the operator still sees it active).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionKeyAdministrationTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_ListsAndRevokesASessionKey_AndAKeyTheSessionCreated()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var sessionKey = await KeysTestHelpers.OpenSessionAsync(factory, tenant);
        var sessionId = sessionKey.Substring(6, 17);
        using var session = factory.CreateClientWithKey(sessionKey);
        using var created = await session.PostAsJsonAsync("/x/keys", new { name = "from-console" }, Cancellation);
        var createdBody = await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var childId = createdBody.GetProperty("id").GetString()!;
        using var child = factory.CreateClientWithKey(createdBody.GetProperty("key").GetString()!);

        var listed = (await tenant.Client.GetFromJsonAsync<JsonElement>("/x/keys", Cancellation)).GetProperty("data").EnumerateArray().ToList();
        using var revokeChild = await tenant.Client.DeleteAsync($"/x/keys/{childId}", Cancellation);
        using var childAfter = await child.GetAsync("/v1/models", Cancellation);
        using var revokeSession = await tenant.Client.DeleteAsync($"/x/keys/{sessionId}", Cancellation);
        using var sessionAfter = await session.GetAsync("/x/keys", Cancellation);
        var read = await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/keys/{sessionId}", Cancellation);

        var listedSession = Assert.Single(listed, k => k.GetProperty("id").GetString() == sessionId);
        Assert.Equal("session", listedSession.GetProperty("kind").GetString());
        Assert.Equal("active", listedSession.GetProperty("status").GetString());
        Assert.Contains(listed, k => k.GetProperty("id").GetString() == childId);
        Assert.Equal(HttpStatusCode.NoContent, revokeChild.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, childAfter.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revokeSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sessionAfter.StatusCode);
        Assert.Equal("revoked", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Root_RevokingItself_IsRefusedWithAClearMessage_AndKeepsWorking()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var rootId = tenant.Key.Substring(6, 17);

        using var refused = await tenant.Client.DeleteAsync($"/x/keys/{rootId}", Cancellation);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        using var after = await tenant.Client.GetAsync("/x/keys", Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("root key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
