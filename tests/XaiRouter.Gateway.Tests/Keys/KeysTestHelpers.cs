namespace XaiRouter.Gateway.Keys.Tests;

/// <summary>Second keys for a tenant, through the passphrase and session API.</summary>
public static class KeysTestHelpers
{
    public const string Passphrase = "correct horse battery staple";

    /// <summary>Sets the tenant's passphrase (if needed) and opens a console session: a second key with the root key's pools.</summary>
    public static async Task<string> OpenSessionAsync(GatewayFactory factory, TenantSession tenant)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using (var set = await tenant.Client.PostAsJsonAsync("/x/passphrase", new { passphrase = Passphrase }, cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, set.StatusCode);
        }

        using var client = factory.CreateClient();
        using var session = await client.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = Passphrase }, cancellation);
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        return (await session.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("key").GetString()!;
    }
}
