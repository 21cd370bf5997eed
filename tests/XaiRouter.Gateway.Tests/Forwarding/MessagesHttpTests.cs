using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Issue 17: <c>/v1/messages</c> on the wire: bad input gets 400 in Anthropic's envelope (never a 500), headers reach
/// the anthropic upstream, the native passthrough is byte for byte, and the rest of the Anthropic surface.
/// </summary>
[Collection(MessagesCollection.Name)]
public sealed class MessagesHttpTests(MessagesFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private HttpRequestMessage Post(string path, string body, bool bearer = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        }
        else
        {
            request.Headers.Add("x-api-key", fixture.Tenant.Key);
        }

        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    private static async Task<JsonElement> AnthropicErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal(type, body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), body.GetProperty("request_id").GetString());
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), response.Headers.GetValues("request-id").Single());
        return body.GetProperty("error");
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[""", "" },
        { """{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { """{"model":"claude-sonnet-4-5","max_tokens":"ten","messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { """{"model":"claude-sonnet-4-5","max_tokens":12.5,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { """{"model":"claude-sonnet-4-5","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { """{"max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""", "model" },
        { """["not","an","object"]""", "" },
        { "", "" },
        { "\u00ff\u00fe", "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBody_Is400InAnthropicsEnvelope_AndNeverSent(string body, string field)
    {
        using var client = fixture.Http();
        var before = fixture.Anthropic.Requests.Count;

        using var response = await client.SendAsync(Post("/v1/messages", body), Cancellation);

        var error = await AnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.StartsWith(field, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fixture.Anthropic.Requests.Count);
    }

    [Fact]
    public async Task MaxTokensMissing_SaysFieldRequired_LikeAnthropic()
    {
        using var client = fixture.Http();

        using var response = await client.SendAsync(Post("/v1/messages", """{"model":"claude-sonnet-4-5","messages":[]}"""), Cancellation);

        var error = await AnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Equal("max_tokens: Field required", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task BodyTooLarge_Is413RequestTooLarge_InAnthropicsEnvelope()
    {
        using var client = fixture.Http();
        var padding = new string('a', (int)MessagesFixture.MaxBody);

        using var response = await client.SendAsync(Post("/v1/messages", $$"""{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"{{padding}}"}]}"""), Cancellation);

        await AnthropicErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task VersionAndBetaHeaders_ReachTheAnthropicUpstream_ClientNoiseDoesNot()
    {
        using var client = fixture.Http();
        using var request = Post("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""", bearer: true);
        request.Headers.Add("anthropic-beta", "prompt-caching-2024-07-31,tools-2024-04-04");
        request.Headers.Add("x-stainless-os", "Linux");
        request.Headers.Add("OpenAI-Organization", "org-of-the-caller");
        var before = fixture.Anthropic.Requests.Count;

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = fixture.Anthropic.Requests.Skip(before).Single();
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.Equal("prompt-caching-2024-07-31,tools-2024-04-04", received.Headers["anthropic-beta"]);
        Assert.Equal(MessagesFixture.AnthropicKey, received.Headers["x-api-key"]);
        foreach (var header in new[] { "Authorization", "x-stainless-os", "OpenAI-Organization" })
        {
            Assert.False(received.Headers.ContainsKey(header), header + " reached the anthropic upstream");
        }
    }

    [Fact]
    public async Task NoVersionHeader_TheRoutersDefaultIsSent()
    {
        using var client = fixture.Http();
        using var request = Post("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""");
        request.Headers.Remove("anthropic-version");
        var before = fixture.Anthropic.Requests.Count;

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpstreamTransformer.AnthropicVersion, fixture.Anthropic.Requests.Skip(before).Single().Headers["anthropic-version"]);
    }

    [Fact]
    public async Task NativePassthrough_IsByteIdentical_BothWays()
    {
        // Odd spacing, escapes and field order that any re-serialization would change.
        const string body = "{ \"model\" : \"claude-sonnet-4-5\",\n  \"max_tokens\": 16, \"metadata\":{\"user_id\":\"u\\u00e9\"},\n\"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 \u00e9t\u00e9 \\\"q\\\"\"}] ,\"temperature\":0.50}";
        const string answer = "{\"id\":\"msg_x\",  \"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"\\u00e9t\\u00e9\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}\n";
        using var client = fixture.Http();
        var before = fixture.Anthropic.Requests.Count;
        fixture.Anthropic.Script = async (context, parsed, path) =>
        {
            if (parsed?["metadata"]?["user_id"]?.GetValue<string>() != "u\u00e9")
            {
                return false;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer, context.RequestAborted);
            return true;
        };
        try
        {
            using var response = await client.SendAsync(Post("/v1/messages", body), Cancellation);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(answer)), SHA256.HashData(await response.Content.ReadAsByteArrayAsync(Cancellation)));
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(body)), SHA256.HashData(Encoding.UTF8.GetBytes(fixture.Anthropic.Requests.Skip(before).Single().Body)));
        }
        finally
        {
            fixture.Anthropic.Script = MessagesFixture.FailoverScript;
        }
    }

    [Fact]
    public async Task OtherMessagesPaths_AreAnthropics404_AfterAuthentication()
    {
        using var client = fixture.Http();
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/v1/messages/batches");

        using var batches = await client.SendAsync(Post("/v1/messages/batches", "{}"), Cancellation);
        using var get = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/messages") { Headers = { { "x-api-key", fixture.Tenant.Key } } }, Cancellation);
        using var refused = await client.SendAsync(anonymous, Cancellation);

        await AnthropicErrorAsync(batches, HttpStatusCode.NotFound, "not_found_error");
        await AnthropicErrorAsync(get, HttpStatusCode.NotFound, "not_found_error");
        await AnthropicErrorAsync(refused, HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Fact]
    public async Task UntranslatableForEveryCandidate_Is400_AndNothingIsSent()
    {
        // top_k has no OpenAI counterpart: the only candidate (an openai key) cannot take the request.
        using var client = fixture.Http();
        var before = fixture.OpenAI.Requests.Count;

        using var response = await client.SendAsync(Post("/v1/messages", """{"model":"gpt-4o","max_tokens":16,"top_k":5,"messages":[{"role":"user","content":"hi"}]}"""), Cancellation);

        await AnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Equal(before, fixture.OpenAI.Requests.Count);
    }

    [Fact]
    public async Task OverloadedAndNoOtherCandidateCanTakeIt_KeepsStatus529_NotA502()
    {
        // The anthropic key of the model answers 529 (held back for the next candidate); the next, an openai key, cannot
        // take top_k (no OpenAI counterpart) and is skipped: the router's own answer keeps Anthropic's overloaded status.
        using var client = fixture.Http();

        using var response = await client.SendAsync(Post("/v1/messages", $$"""{"model":"{{MessagesFixture.MixedOverloadedModel}}","max_tokens":16,"top_k":5,"messages":[{"role":"user","content":"hi"}]}"""), Cancellation);

        var error = await AnthropicErrorAsync(response, (HttpStatusCode)529, "overloaded_error");
        Assert.Contains("overloaded", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperationTheKindLacks_Is404NotServed_InTheClientsEnvelope()
    {
        using var client = fixture.Http();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        var before = fixture.Anthropic.Requests.Count;

        using var response = await client.PostAsJsonAsync("/v1/embeddings", new { model = MessagesFixture.Model, input = "hi" }, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");
        Assert.Contains("not served on /v1/embeddings", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fixture.Anthropic.Requests.Count);
    }

    [Fact]
    public async Task ChatOnAnOpenAIKey_StillPassesThroughUntouched()
    {
        using var client = fixture.Http();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        const string body = "{\"model\":\"gpt-4o\",  \"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9\"}]}";
        var before = fixture.OpenAI.Requests.Count;

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, fixture.OpenAI.Requests.Skip(before).Single().Body);
        Assert.False(response.Headers.Contains("request-id"));
    }

    [Fact]
    public async Task ModelsList_WithAnthropicVersion_PagesByLimitAndCursor()
    {
        using var client = fixture.Http();
        async Task<JsonElement> PageAsync(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models" + query) { Headers = { { "x-api-key", fixture.Tenant.Key }, { "anthropic-version", "2023-06-01" } } };
            using var response = await client.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        }

        var all = await PageAsync("?limit=1000");
        var ids = all.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var first = await PageAsync("?limit=2");
        var next = await PageAsync("?limit=2&after_id=" + first.GetProperty("last_id").GetString());
        var back = await PageAsync("?limit=2&before_id=" + next.GetProperty("first_id").GetString());

        Assert.False(all.GetProperty("has_more").GetBoolean());
        Assert.Equal("model", all.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.True(all.GetProperty("data")[0].TryGetProperty("display_name", out _));
        Assert.True(all.GetProperty("data")[0].TryGetProperty("created_at", out _));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[..2], first.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        Assert.Equal(ids[2..4], next.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        Assert.Equal(ids[..2], back.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        Assert.False(back.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task ModelsList_BadLimit_Is400InAnthropicsEnvelope()
    {
        using var client = fixture.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models?limit=0") { Headers = { { "x-api-key", fixture.Tenant.Key }, { "anthropic-version", "2023-06-01" } } };

        using var response = await client.SendAsync(request, Cancellation);

        await AnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
    }
}
