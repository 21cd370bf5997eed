namespace XaiRouter.Gateway.Keys.Tests;

/// <summary>A key created in a console session belongs to the root's subtree: the root sees it and can revoke it.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionCreatedKeyTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeyCreatedBySession_IsListedAndRevocableByTheRoot()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var sessionKey = await KeysTestHelpers.OpenSessionAsync(factory, tenant);
        using var session = factory.CreateClientWithKey(sessionKey);
        using var created = await session.PostAsJsonAsync("/x/keys", new { name = "from-console" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;

        var listed = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/keys", Cancellation);
        using var revoke = await tenant.Client.DeleteAsync($"/x/keys/{id}", Cancellation);

        Assert.Contains(listed.GetProperty("data").EnumerateArray(), k => k.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
    }
}
