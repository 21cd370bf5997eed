namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>
/// Each key's price multiplier is at most 1000, but they compound down a chain: a manage key nesting ten children at
/// 1000 each makes a product past decimal's range. Its requests must still get an answer (never a 500).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DeepMultiplierChainTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TenNestedKeysAtMultiplier1000_RequestIsServed_NotA500()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-deep-chain-0001", ["m-deep"]);
        var client = tenant.Client;
        var clients = new List<HttpClient>();
        try
        {
            for (var depth = 0; depth < 10; depth++)
            {
                using var created = await client.PostAsJsonAsync("/x/keys", new { name = $"level-{depth}", manage = true, price_multiplier = 1000m }, Cancellation);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                client = factory.CreateClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!);
                clients.Add(client);
            }

            using var response = await client.PostAsJsonAsync("/v1/chat/completions",
                new { model = "m-deep", messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
