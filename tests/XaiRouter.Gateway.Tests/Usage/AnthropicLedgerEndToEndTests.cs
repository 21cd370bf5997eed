using System.Net.Http.Headers;
using System.Text;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 17, usage and cost: the ledger is exact for native and translated Anthropic traffic, cache tokens included.
/// Usage is always read in the upstream's format (before any translation): a native Anthropic answer's cache reads
/// and writes reach the ledger apart whatever the client speaks, and so does an OpenAI upstream's
/// <c>cached_tokens</c> under an Anthropic client. Needs <c>/v1/messages</c> (helper B) and the translators (C, D).
/// </summary>
[Collection(BudgetCollection.Name)]
public sealed class AnthropicLedgerEndToEndTests(BudgetFixture fixture)
{
    /// <summary>What the fake Anthropic upstream reports: 21 uncached input tokens, 5 read from the cache, 7 written to it, 12 output.</summary>
    private const string AnthropicUsage = """{"input_tokens":21,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":12}""";

    /// <summary>What the fake OpenAI upstream reports: 30 prompt tokens, 5 of them cached, 4 completion tokens.</summary>
    private const string OpenAIUsage = """{"prompt_tokens":30,"completion_tokens":4,"total_tokens":34,"prompt_tokens_details":{"cached_tokens":5}}""";

    /// <summary>claude-sonnet-4-5's list prices applied to <see cref="AnthropicUsage"/>.</summary>
    private const decimal AnthropicCost = ((21 * 3.00m) + (5 * 0.30m) + (7 * 3.75m) + (12 * 15.00m)) / 1_000_000m;

    /// <summary>claude-sonnet-4-5's list prices applied to <see cref="OpenAIUsage"/>.</summary>
    private const decimal OpenAICost = ((25 * 3.00m) + (5 * 0.30m) + (4 * 15.00m)) / 1_000_000m;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task NativeAnthropic_LedgerHasTheCacheReadsAndWritesApart(bool stream, bool deltaOutputOnly)
    {
        await using var anthropic = await FakeAnthropicUpstream.StartAsync();
        anthropic.ReleaseStream();
        anthropic.DeltaUsageOutputOnly = deltaOutputOnly;
        var model = $"claude-sonnet-4-5-native-{stream}-{deltaOutputOnly}".ToLowerInvariant();
        anthropic.UsageByModel[model] = AnthropicUsage;
        using var tenant = await TenantWithKeyAsync("native", "anthropic", anthropic.BaseUrl, model);

        var text = await MessagesAsync(tenant, model, stream);

        Assert.Contains(stream ? "event: message_stop" : "\"cache_creation_input_tokens\":7", text, StringComparison.Ordinal);
        await AssertRecordAsync(tenant, model, input: 33, cached: 5, cacheWrite: 7, output: 12, AnthropicCost);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAIClient_OnAnAnthropicKey_LedgerHasTheCacheReadsAndWritesApart(bool stream)
    {
        await using var anthropic = await FakeAnthropicUpstream.StartAsync();
        anthropic.ReleaseStream();
        anthropic.DeltaUsageOutputOnly = true;
        var model = $"claude-sonnet-4-5-translated-{stream}".ToLowerInvariant();
        anthropic.UsageByModel[model] = AnthropicUsage;
        using var tenant = await TenantWithKeyAsync("openai-client", "anthropic", anthropic.BaseUrl, model);

        using var response = await tenant.Client.PostAsync("/v1/chat/completions", Json(
            $$"""{"model":"{{model}}","max_tokens":64,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hello"}]}"""), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(stream ? "data: [DONE]" : "\"prompt_tokens\":33", text, StringComparison.Ordinal);
        await AssertRecordAsync(tenant, model, input: 33, cached: 5, cacheWrite: 7, output: 12, AnthropicCost);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnthropicClient_OnAnOpenAICompatibleKey_CachedTokensAreCacheReads(bool stream)
    {
        var model = $"claude-sonnet-4-5-via-openai-{stream}".ToLowerInvariant();
        fixture.Upstream.UsageByModel[model] = OpenAIUsage;
        using var tenant = await TenantWithKeyAsync("anthropic-client", "openai-compatible", fixture.Upstream.BaseUrl, model);

        var text = await MessagesAsync(tenant, model, stream);

        Assert.Contains(stream ? "event: message_stop" : "\"cache_read_input_tokens\":5", text, StringComparison.Ordinal);
        await AssertRecordAsync(tenant, model, input: 30, cached: 5, cacheWrite: 0, output: 4, OpenAICost);
    }

    /// <summary>
    /// adv17: the upstream answered 200 and billed its usage, but the answer could not be translated (the client gets a
    /// 502). The usage the upstream reported is still the ledger's: a 502 made by the router after the upstream served
    /// must not turn a billed generation into an unrecorded (or prompt-only estimated) one.
    /// </summary>
    [Fact]
    public async Task UntranslatableAnswer_After200_StillRecordsTheUpstreamsUsage()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Script = static async (context, _, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, """{"id":"x","object":"chat.completion","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":4000,"total_tokens":4030}}""");
            return true;
        };
        var model = "claude-sonnet-4-5-untranslatable-answer";
        using var tenant = await TenantWithKeyAsync("untranslatable", "openai-compatible", upstream.BaseUrl, model);
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Add("x-api-key", tenant.Key);
        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");

        using var response = await client.PostAsync("/v1/messages", Json(
            $$"""{"model":"{{model}}","max_tokens":64,"messages":[{"role":"user","content":"hello"}]}"""), Cancellation);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var record = Assert.Single(await LedgerRecords.OfModelAsync(fixture.Gateway, tenant, model));
        Assert.Equal((30L, 4000L, false), (record.GetProperty("input_tokens").GetInt64(), record.GetProperty("output_tokens").GetInt64(), record.GetProperty("estimated").GetBoolean()));
    }

    private async Task<TenantSession> TenantWithKeyAsync(string name, string provider, string baseUrl, string model)
    {
        var tenant = await TenantSession.CreateAsync(fixture.Gateway, "ledger-e2e-" + name);
        using var created = await tenant.Client.PostAsJsonAsync("/x/provider-keys",
            new { name = provider, provider, base_url = baseUrl, api_key = "sk-ledger-e2e-provider-key-0123456789", models = new[] { model } }, Cancellation);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        return tenant;
    }

    /// <summary>A Messages API call as Anthropic's clients make it (<c>x-api-key</c>, <c>anthropic-version</c>); returns the answer's body.</summary>
    private async Task<string> MessagesAsync(TenantSession tenant, string model, bool stream)
    {
        using var client = new HttpClient { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Add("x-api-key", tenant.Key);
        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
        using var response = await client.PostAsync("/v1/messages", Json(
            $$"""{"model":"{{model}}","max_tokens":64,"stream":{{(stream ? "true" : "false")}},"system":"be brief","messages":[{"role":"user","content":"hello"}]}"""), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    private async Task AssertRecordAsync(TenantSession tenant, string model, long input, long cached, long cacheWrite, long output, decimal cost)
    {
        var record = Assert.Single(await LedgerRecords.OfModelAsync(fixture.Gateway, tenant, model));
        Assert.Equal(
            (input, cached, cacheWrite, output, false, false),
            (record.GetProperty("input_tokens").GetInt64(), record.GetProperty("cached_input_tokens").GetInt64(), record.GetProperty("cache_write_tokens").GetInt64(),
                record.GetProperty("output_tokens").GetInt64(), record.GetProperty("estimated").GetBoolean(), record.GetProperty("usage_invalid").GetBoolean()));
        Assert.Equal(cost, record.GetProperty("cost_usd").GetDecimal());
        var totals = (await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation)).GetProperty("totals");
        Assert.Equal((input, cacheWrite), (totals.GetProperty("input_tokens").GetInt64(), totals.GetProperty("cache_write_tokens").GetInt64()));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
