using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>Settled requests reach the durable ledger exactly, streaming included, and the usage API shows them by subtree.</summary>
[Collection(ForwardingCollection.Name)]
public sealed class LedgerTests(ForwardingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MixedTraffic_LedgerEqualsTheUpstreamsCountsAndThePriceTable()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "ledger");
        (await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "fake", provider = "openai", base_url = fixture.Upstream.BaseUrl, api_key = "sk-ledger-upstream-01", models = new[] { "gpt-4o", "gpt-4o-mini" },
        }, Cancellation)).EnsureSuccessStatusCode();
        var sub = await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = "app", manage = true });
        var subKey = sub.GetProperty("key").GetString()!;
        fixture.Upstream.ResetStream();
        fixture.Upstream.ReleaseStream();

        for (var i = 0; i < 3; i++)
        {
            await Chat(tenant.Key, "gpt-4o").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
        }

        await Chat(subKey, "gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
        for (var i = 0; i < 2; i++)
        {
            await foreach (var _ in Chat(subKey, "gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("hi")], cancellationToken: Cancellation))
            {
            }
        }

        await LedgerProbe.WaitForLedgerAsync(fixture.Gateway);
        var byModel = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage?group_by=model", Cancellation);
        using var subClient = fixture.Gateway.CreateClientWithKey(subKey);
        var subOnly = await subClient.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation);
        using var other = await TenantSession.CreateAsync(fixture.Gateway, "other");
        var otherTotals = await other.Client.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation);

        var totals = byModel.GetProperty("totals");
        Assert.Equal(6, totals.GetProperty("requests").GetInt64());
        Assert.Equal((4 * 5) + (2 * 7), totals.GetProperty("input_tokens").GetInt64());
        Assert.Equal(2 * 2, totals.GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal((4 * 2) + (2 * 3), totals.GetProperty("output_tokens").GetInt64());
        Assert.Equal(2 * 1, totals.GetProperty("reasoning_tokens").GetInt64());
        var plain4o = ((5 * 2.50m) + (2 * 10.00m)) / 1_000_000m;
        var plainMini = ((5 * 0.15m) + (2 * 0.60m)) / 1_000_000m;
        var streamed4o = ((5 * 2.50m) + (2 * 1.25m) + (3 * 10.00m)) / 1_000_000m;
        Assert.Equal((3 * plain4o) + plainMini + (2 * streamed4o), totals.GetProperty("cost_usd").GetDecimal());
        var rows = byModel.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()!, r => r.GetProperty("cost_usd").GetDecimal());
        Assert.Equal((3 * plain4o) + (2 * streamed4o), rows["gpt-4o"]);
        Assert.True(streamed4o > 0);
        Assert.Equal(3, subOnly.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(plainMini + (2 * streamed4o), subOnly.GetProperty("totals").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(0, otherTotals.GetProperty("totals").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task RecentRequests_ShowMetadataWithoutContent()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "recent");
        (await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "fake", provider = "openai", base_url = fixture.Upstream.BaseUrl, api_key = "sk-ledger-upstream-02", models = new[] { "gpt-4o" },
        }, Cancellation)).EnsureSuccessStatusCode();
        await Chat(tenant.Key, "gpt-4o").CompleteChatAsync([new UserChatMessage("a secret prompt")], cancellationToken: Cancellation);

        await LedgerProbe.WaitForLedgerAsync(fixture.Gateway);
        var text = await tenant.Client.GetStringAsync("/x/requests?limit=10", Cancellation);
        var csv = await tenant.Client.GetStringAsync("/x/usage.csv?group_by=day", Cancellation);

        var record = JsonDocument.Parse(text).RootElement.GetProperty("data").EnumerateArray().Single();
        Assert.StartsWith("req_", record.GetProperty("request_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("gpt-4o", record.GetProperty("model").GetString());
        Assert.True(record.GetProperty("time_to_first_byte_ms").GetInt64() <= record.GetProperty("latency_ms").GetInt64());
        Assert.DoesNotContain("a secret prompt", text, StringComparison.Ordinal);
        Assert.StartsWith("group,requests,input_tokens", csv, StringComparison.Ordinal);
        Assert.Contains("total,1,5,0,2,0,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantPricesAndKeyMultiplier_DecideTheCost()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "prices");
        (await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "fake", provider = "openai", base_url = fixture.Upstream.BaseUrl, api_key = "sk-ledger-upstream-03", models = new[] { "gpt-4o-mini" },
        }, Cancellation)).EnsureSuccessStatusCode();
        using var put = await tenant.Client.PutAsJsonAsync("/x/prices", new { models = new Dictionary<string, object> { ["gpt-4o-mini"] = new { input = 1.0, cached_input = 0.5, output = 4.0 } } }, Cancellation);
        var table = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/prices", Cancellation);
        var reseller = await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { price_multiplier = 1.5 });

        await Chat(tenant.Key, "gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
        await Chat(reseller.GetProperty("key").GetString()!, "gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
        await LedgerProbe.WaitForLedgerAsync(fixture.Gateway);
        var byKey = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage?group_by=key", Cancellation);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(4.0m, table.GetProperty("models").GetProperty("gpt-4o-mini").GetProperty("output").GetDecimal());
        Assert.Equal(2.50m, table.GetProperty("models").GetProperty("gpt-4o").GetProperty("input").GetDecimal());
        Assert.Equal(1.5m, reseller.GetProperty("price_multiplier").GetDecimal());
        var basePrice = ((5 * 1.0m) + (2 * 4.0m)) / 1_000_000m;
        var rows = byKey.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("group").GetString()!, r => r.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(basePrice * 1.5m, rows[reseller.GetProperty("id").GetString()!]);
        Assert.Equal(basePrice + (basePrice * 1.5m), byKey.GetProperty("totals").GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task UpstreamWithoutUsage_IsEstimatedWithTheTokenizerAndFlagged()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "estimate");
        (await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "fake", provider = "openai", base_url = fixture.Upstream.BaseUrl, api_key = "sk-ledger-upstream-04", models = new[] { "no-usage" },
        }, Cancellation)).EnsureSuccessStatusCode();

        await Chat(tenant.Key, "no-usage").CompleteChatAsync([new UserChatMessage("Count these words, please.")], cancellationToken: Cancellation);
        await LedgerProbe.WaitForLedgerAsync(fixture.Gateway);
        var totals = (await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation)).GetProperty("totals");

        Assert.Equal(1, totals.GetProperty("estimated_requests").GetInt64());
        Assert.InRange(totals.GetProperty("input_tokens").GetInt64(), 4, 12);
        Assert.InRange(totals.GetProperty("output_tokens").GetInt64(), 5, 14);
    }

    [Theory]
    [InlineData("""{"models":{"gpt-4o":{"input":-1,"output":1}}}""")]
    [InlineData("""{"models":{"gpt-4o":{"input":1}}}""")]
    [InlineData("""{"models":{"has space":{"input":1,"output":1}}}""")]
    [InlineData("""{"models":{}}""")]
    [InlineData("""{"models":{"gpt-4o":{"input":"cheap","output":1}}}""")]
    public async Task PutPrices_BadInput_Is400(string body)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "bad-prices");

        using var response = await tenant.Client.PutAsync("/x/prices", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/x/usage?from=2026-13-01")]
    [InlineData("/x/usage?from=2026-11-30&to=2026-11-01")]
    [InlineData("/x/usage?from=2020-01-01&to=2026-01-01")]
    [InlineData("/x/usage?group_by=week")]
    [InlineData("/x/requests?limit=0")]
    public async Task BadQuery_Is400ProblemDetails(string path)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "bad-query");

        using var response = await tenant.Client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private ChatClient Chat(string key, string model) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(fixture.GatewayAddress, "/v1") }).GetChatClient(model);

}
