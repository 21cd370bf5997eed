using XaiRouter.Gateway.Forwarding.Tests;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 18 review (adv18): routing matches <c>/V1/chat/completions</c> as <c>/v1/chat/completions</c>, so a refusal
/// there is a refusal like any other: it is in the request log and in the <c>errors</c> of <c>/x/usage</c> (a key
/// holder could otherwise hide its refused requests from the console by writing the path in capitals).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RefusalPathCaseTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusalOnACapitalisedPath_IsRecorded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory, "refusal-path-case");
        await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-refusal-path-case-01", ["gpt-4o", "gpt-4o-mini"]);
        var sub = await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = "mini-only", models = new[] { "gpt-4o-mini" } });
        using var client = factory.CreateClientWithKey(sub.GetProperty("key").GetString()!);

        using var refused = await client.PostAsJsonAsync("/V1/Chat/Completions", new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await LedgerProbe.WaitForRefusalsAsync(factory);
        await LedgerProbe.WaitForLedgerAsync(factory);

        var log = (await tenant.Client.GetFromJsonAsync<JsonElement>("/x/requests", Cancellation)).GetProperty("data").EnumerateArray().ToList();
        var usage = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation);

        var record = Assert.Single(log);
        Assert.Equal((403, "gpt-4o", sub.GetProperty("id").GetString()), (record.GetProperty("status").GetInt32(), record.GetProperty("model").GetString(), record.GetProperty("key_id").GetString()));
        Assert.Equal(1, usage.GetProperty("totals").GetProperty("errors").GetInt64());
    }
}
