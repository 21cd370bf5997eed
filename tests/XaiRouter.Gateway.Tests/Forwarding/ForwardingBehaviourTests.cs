using System.Net.Http.Headers;
using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>What a proxy engineer checks: headers, bodies, streams, cancellation, errors.</summary>
[Collection(ForwardingCollection.Name)]
public sealed class ForwardingBehaviourTests(ForwardingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A client that closes a connection at once when a response is abandoned, instead of draining it.</summary>
    private HttpClient NewClient() => new(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = fixture.GatewayAddress };

    [Fact]
    public async Task Headers_CallerCredentialsHopByHopAndInjectedAuth_NeverReachTheUpstream()
    {
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"gpt-4o","messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        request.Headers.Add("x-api-key", "sk-injected-by-client");
        request.Headers.Add("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.Add("Cookie", "gateway-session=abc");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Custom-Trace", "kept");
        var before = fixture.Upstream.Requests.Count;

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = fixture.Upstream.Requests.Skip(before).Single().Headers;
        Assert.Equal("Bearer " + ForwardingFixture.ProviderKey, received["Authorization"]);
        // Forwarding is by allow-list (issue 15): a header the provider does not need is not sent, whatever its name.
        foreach (var header in new[] { "x-api-key", "Proxy-Authorization", "Cookie", "Keep-Alive", "X-Forwarded-For", "X-Custom-Trace" })
        {
            Assert.False(received.ContainsKey(header), header + " reached the upstream");
        }

        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Body_ForwardedByteForByte_ToolsIncluded()
    {
        const string body = """{"messages":[{"role":"user","content":"weather?"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"model":"gpt-4o","tool_choice":"auto"}""";
        using var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        var before = fixture.Upstream.Requests.Count;

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, fixture.Upstream.Requests.Skip(before).Single().Body);
        Assert.Contains("get_weather", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCancelsMidStream_UpstreamRequestIsCancelled()
    {
        fixture.Upstream.ResetStream();
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"gpt-4o","stream":true,"messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains("\n\n", StringComparison.Ordinal))
        {
            received.Append(Encoding.UTF8.GetString(buffer, 0, await stream.ReadAsync(buffer, cancel.Token)));
        }

        Assert.StartsWith("data: ", received.ToString(), StringComparison.Ordinal);

        // Cancel a read that is waiting for the next chunk, as a client that gives up does.
        var pending = stream.ReadAsync(new byte[64], cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        response.Dispose();

        // The upstream's handler is still waiting for its gate: only the cancellation can end it.
        await fixture.Upstream.StreamCancelled.WaitAsync(TimeSpan.FromSeconds(1), Cancellation);
    }

    [Fact]
    public async Task UpstreamDropsMidStream_StreamEndsWithAnErrorEvent_NotATruncatedSuccess()
    {
        fixture.Upstream.ResetStream();
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"upstream-abort","stream":true,"messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync(Cancellation);

        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains("\n\n", StringComparison.Ordinal))
        {
            received.Append(Encoding.UTF8.GetString(buffer, 0, await stream.ReadAsync(buffer, Cancellation)));
        }

        fixture.Upstream.ReleaseStream();
        using var rest = new StreamReader(stream);
        var tail = await rest.ReadToEndAsync(Cancellation);

        // Too late to try another key: the client is told in the stream itself, and never gets [DONE].
        Assert.Contains("\"code\":\"upstream_stream_error\"", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", received + tail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamError_IsPassedThroughAsSent()
    {
        using var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/chat/completions", JsonContent.Create(new { model = "upstream-429", messages = Array.Empty<object>() }), Cancellation);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("Rate limit reached for upstream-429.",
            (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("message").GetString());
    }

    public static TheoryData<string, int, string?> MalformedBodies => new()
    {
        { """{"model":"gpt-4o","messages":[""", 400, null },
        { """{"messages":[],"model":""", 400, null },
        { """not json""", 400, null },
        { """[{"model":"gpt-4o"}]""", 400, null },
        { """{"model":42}""", 400, null },
        { """{"model":"gpt-4o"} trailing""", 400, null },
        { """{"messages":[]}""", 400, "missing_required_parameter" },
        { "", 400, null },
        { """{"model":"not-served-here","messages":[]}""", 404, "model_not_found" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedRequest_GetsTheRightStatusInOpenAIsEnvelope(string body, int status, string? code)
    {
        using var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HugeBody_Returns413(bool declaredLength)
    {
        using var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        var huge = """{"model":"gpt-4o","messages":[{"role":"user","content":" """ + new string('x', (int)ForwardingFixture.MaxBody) + "\"}]}";
        HttpContent content = declaredLength
            ? new StringContent(huge, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        if (!declaredLength)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Headers.ContentLength = null;
        }

        using var response = await client.PostAsync("/v1/chat/completions", content, Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("request_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Completions_LegacyRoute_IsForwardedAndCounted()
    {
        var (before, _) = await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, "gpt-4o", fixture.ProviderKeyId);
        using var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/completions", JsonContent.Create(new { model = "gpt-4o", prompt = "hi" }), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text_completion", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("object").GetString());
        Assert.Equal(before + 1, (await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, "gpt-4o", fixture.ProviderKeyId)).Requests);
    }

    [Fact]
    public async Task BadKey_Returns401InOpenAIsEnvelope()
    {
        using var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-Xvs-not-a-key");

        using var response = await client.PostAsync("/v1/chat/completions", JsonContent.Create(new { model = "gpt-4o" }), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("code").GetString());
    }
}
