using System.Net.Http.Headers;
using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Issue 15, defects 4 and 7: one parse, one truth (a field the router reads, given twice, is refused wherever it
/// is and however the body is framed), and every bad input gets a clean 4xx in its client's envelope with one
/// warning line in the log, never a 500 or a stack trace.
/// </summary>
[Collection(InputCollection.Name)]
public sealed class BadInputTests(InputFixture fixture)
{
    private const int PastTheFirstRead = 20 * 1024;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private HttpClient NewClient(string key)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = fixture.GatewayAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DuplicateModel_AfterSixteenKiB_Is400AndNeitherServedNorBilled(bool chunked)
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{marker}}{{new string('x', PastTheFirstRead)}}"}],"model":"gpt-4o"}""";
        var (servedBefore, _) = await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, "gpt-4o", fixture.ProviderKeyId);
        var (miniBefore, _) = await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, "gpt-4o-mini", fixture.ProviderKeyId);
        using var client = NewClient(fixture.MiniOnlyKey);

        using var response = await client.PostAsync("/v1/chat/completions", Content(Encoding.UTF8.GetBytes(body), chunked), Cancellation);

        var error = await OpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'model' more than once", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Upstream.Requests, r => r.Body.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(servedBefore, (await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, "gpt-4o", fixture.ProviderKeyId)).Requests);
        Assert.Equal(miniBefore, (await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, "gpt-4o-mini", fixture.ProviderKeyId)).Requests);
    }

    [Theory]
    [InlineData("stream", "true", true)]
    [InlineData("max_tokens", "1000000", false)]
    public async Task DuplicateReadField_AfterSixteenKiB_Is400(string field, string value, bool chunked)
    {
        var body = $$$"""{"model":"dup-{{{field.Replace('_', '-')}}}","{{{field}}}":1,"messages":[{"role":"user","content":"{{{new string('x', PastTheFirstRead)}}}"}],"{{{field}}}":{{{value}}}}""";
        using var client = NewClient(fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/chat/completions", Content(Encoding.UTF8.GetBytes(body), chunked), Cancellation);

        var error = await OpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{field}' more than once", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateFieldTheRouterDoesNotRead_IsForwardedAsSent()
    {
        const string body = """{"model":"mutant","messages":[],"user":"a","user":"b","metadata":{"k":1,"k":2}}""";
        using var client = NewClient(fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(fixture.AnyBody.Bodies, received => Encoding.UTF8.GetString(received) == body);
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(PastTheFirstRead, false)]
    [InlineData(PastTheFirstRead, true)]
    public async Task InvalidUtf8InAPrompt_Is400InOpenAIsEnvelope_WithOneWarningLine(int offset, bool chunked)
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"bad-utf8","messages":[{"role":"user","content":" """ + new string('x', offset))
            .Concat(new byte[] { 0xFF, 0xFE, 0xC3 })
            .Concat(Encoding.UTF8.GetBytes(new string('y', 100) + "\"}]}")).ToArray();
        var logged = fixture.Gateway.Logs.Messages.Count;
        using var client = NewClient(fixture.Tenant.Key);

        using var response = await client.PostAsync("/v1/chat/completions", Content(body, chunked), Cancellation);

        var error = await OpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertOneWarningLine(logged, RequestId(response.Headers));
    }

    [Theory]
    [InlineData("/x/provider-keys", "root")]
    [InlineData("/admin/tenants", "operator")]
    [InlineData("/x/session", null)]
    public async Task ThirtyOneMegabytes_ToManagementRoutes_Is413ProblemDetails(string path, string? credential)
    {
        var key = credential switch { "root" => fixture.Tenant.Key, "operator" => fixture.Gateway.OperatorToken, _ => null };
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {31 * 1024 * 1024}"
            + (key is null ? "" : $"\r\nAuthorization: Bearer {key}");
        var logged = fixture.Gateway.Logs.Messages.Count;

        // The first megabyte and a half of it: the answer must come without the rest.
        var answer = await RawHttp.SendAsync(fixture.GatewayAddress, head, Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 1536 * 1024)), Cancellation);

        AssertProblem(answer, HttpStatusCode.RequestEntityTooLarge);
        AssertOneWarningLine(logged, answer.Headers["x-request-id"]);
    }

    [Fact]
    public async Task OverTheLimitChunked_ToManagementRoute_Is413ProblemDetails()
    {
        var head = $"POST /x/provider-keys HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer {fixture.Tenant.Key}";
        var chunk = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 1536 * 1024));

        var answer = await RawHttp.SendAsync(fixture.GatewayAddress, head, Chunk(chunk), Cancellation);

        AssertProblem(answer, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/v1/chat/completions", 40, false)]
    [InlineData("/v1/chat/completions", PastTheFirstRead, true)]
    [InlineData("/x/provider-keys", 40, false)]
    public async Task SlowBody_Is408InItsEnvelope_WithOneWarningLineAndNoStackTrace(string path, int sent, bool chunked)
    {
        var framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: 100000";
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{framing}\r\nAuthorization: Bearer {fixture.Tenant.Key}";
        var start = Encoding.UTF8.GetBytes("""{"model":"slow-body","messages":[{"role":"user","content":" """ + new string('x', sent));
        var logged = fixture.Gateway.Logs.Messages.Count;
        var upstreamBefore = fixture.Upstream.Requests.Count;

        // The body stops short and the connection stays open: the server's minimum data rate must end it.
        var answer = await RawHttp.SendAsync(fixture.GatewayAddress, head, chunked ? Chunk(start) : start, Cancellation);

        Assert.Equal(408, answer.Status);
        if (path.StartsWith("/v1", StringComparison.Ordinal))
        {
            Assert.StartsWith("application/json", answer.Headers["content-type"], StringComparison.Ordinal);
            Assert.Equal("request_timeout", JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        else
        {
            AssertProblem(answer, HttpStatusCode.RequestTimeout);
        }

        AssertOneWarningLine(logged, answer.Headers["x-request-id"]);
        Assert.Equal(upstreamBefore, fixture.Upstream.Requests.Count);
    }

    [Theory]
    [InlineData("/v1/chat/completions", 0)]
    [InlineData("/v1/chat/completions", PastTheFirstRead)]
    [InlineData("/x/provider-keys", PastTheFirstRead)]
    public async Task BrokenChunkFraming_Is400InItsEnvelope(string path, int validFirst)
    {
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer {fixture.Tenant.Key}";
        var first = Encoding.UTF8.GetBytes("""{"model":"broken-framing","messages":[{"role":"user","content":" """ + new string('x', validFirst));
        var body = (validFirst > 0 ? Chunk(first) : []).Concat(Encoding.ASCII.GetBytes("zz-not-a-size\r\nxyz\r\n0\r\n\r\n")).ToArray();
        var logged = fixture.Gateway.Logs.Messages.Count;

        var answer = await RawHttp.SendAsync(fixture.GatewayAddress, head, body, Cancellation);

        Assert.Equal(400, answer.Status);
        if (path.StartsWith("/v1", StringComparison.Ordinal))
        {
            Assert.Equal("invalid_request_error", JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetProperty("type").GetString());
        }
        else
        {
            AssertProblem(answer, HttpStatusCode.BadRequest);
        }

        AssertOneWarningLine(logged, answer.Headers["x-request-id"]);
    }

    private static HttpContent Content(byte[] body, bool chunked)
    {
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = chunked ? null : body.Length;
        return content;
    }

    /// <summary>One HTTP/1.1 chunk (size line, data, CRLF), with no last chunk after it.</summary>
    private static byte[] Chunk(byte[] data) => [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];

    private static async Task<JsonElement> OpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        return error;
    }

    private static void AssertProblem(RawHttp.Answer answer, HttpStatusCode status)
    {
        Assert.True(answer.Status == (int)status, $"{answer.Status}: {answer.Body}");
        Assert.StartsWith("application/problem+json", answer.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal((int)status, JsonDocument.Parse(answer.Body).RootElement.GetProperty("status").GetInt32());
    }

    private static string RequestId(HttpResponseHeaders headers) => headers.GetValues("x-request-id").Single();

    /// <summary>Since <paramref name="from"/>: one warning naming the request, nothing worse, no stack trace anywhere.</summary>
    private void AssertOneWarningLine(int from, string requestId)
    {
        var lines = fixture.Gateway.Logs.Messages.Skip(from).ToList();
        var about = lines.Where(line => line.Contains(requestId, StringComparison.Ordinal)).ToList();
        Assert.True(about.Count == 1, "expected one line about the request, got:\n" + string.Join("\n", about));
        Assert.StartsWith("Warning ", about[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("\n   at ", StringComparison.Ordinal) || line.Contains(".cs:line", StringComparison.Ordinal));
    }
}
