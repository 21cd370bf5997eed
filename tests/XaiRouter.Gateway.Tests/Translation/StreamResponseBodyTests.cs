using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using static XaiRouter.Gateway.Translation.Tests.StreamTranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// <see cref="TranslatingResponseBody"/>'s modes: held error and JSON answers (nothing reaches the client before
/// <see cref="TranslatingResponseBody.CompleteAsync"/>, not even through a flush), the 502 fallback in the client's
/// envelope, and the event mode's headers.
/// </summary>
public sealed class StreamResponseBodyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true, 429)]
    [InlineData(false, 529)]
    [InlineData(false, 500)]
    public async Task ErrorAnswer_IsHeldEvenThroughFlushes_ThenTranslated_WithItsStatusKept(bool anthropicClient, int status)
    {
        var context = Context(anthropicClient ? WireFormat.AnthropicMessages : WireFormat.OpenAIChat);
        var upstream = "{\"error\":{\"message\":\"Too many\",\"type\":\"rate_limit_exceeded\"}}"u8.ToArray();
        var (http, recording, body) = Body(context, status, "application/json", contentLength: upstream.Length);

        await body.WriteAsync(upstream.AsMemory(0, 10), Token);
        await body.FlushAsync(Token);
        await body.WriteAsync(upstream.AsMemory(10), Token);
        await body.FlushAsync(Token);

        Assert.Equal(0, recording.Length);
        Assert.Equal(0, recording.Flushes);

        await body.CompleteAsync(Token);

        var expected = new ArrayBufferWriter<byte>();
        AnswerTranslation.TranslateError(status, upstream, context, expected);
        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), recording.Text);
        Assert.Equal(expected.WrittenCount, http.Response.ContentLength);
        Assert.Equal("application/json", http.Response.ContentType);
    }

    [Theory]
    [InlineData(true, """{"type":"error","error":{"type":"api_error","message":"The upstream answer could not be translated."}}""")]
    [InlineData(false, """{"error":{"message":"The upstream answer could not be translated.","type":"api_error","param":null,"code":"untranslatable_answer"}}""")]
    public async Task UntranslatableJsonAnswer_Becomes502_InTheClientsEnvelope_NothingSentBefore(bool anthropicClient, string envelope)
    {
        var (http, recording, body) = Body(Context(anthropicClient ? WireFormat.AnthropicMessages : WireFormat.OpenAIChat), 200, "application/json", contentLength: 9);

        await body.WriteAsync("not json!"u8.ToArray(), Token);
        await body.FlushAsync(Token);
        Assert.Equal(0, recording.Length);

        await body.CompleteAsync(Token);

        Assert.Equal(502, http.Response.StatusCode);
        Assert.Equal(envelope, recording.Text);
        Assert.Equal(envelope.Length, http.Response.ContentLength);
    }

    [Fact]
    public async Task JsonAnswerOverTheCap_Becomes502()
    {
        var (http, recording, body) = Body(Context(WireFormat.AnthropicMessages), 200, "application/json", maxHeld: 1024);

        await body.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', 2000) + "\"}"), Token);
        await body.CompleteAsync(Token);

        Assert.Equal(502, http.Response.StatusCode);
        Assert.Contains("could not be translated", recording.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("xxx", recording.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlushBeforeTheFirstWrite_OfAHeldAnswer_DoesNotReachTheClient()
    {
        // YARP's copier may flush before it has read anything: the mode is chosen then, from the status.
        var (_, recording, body) = Body(Context(WireFormat.OpenAIChat), 503, "application/json");

        await body.FlushAsync(Token);
        body.Flush();

        Assert.Equal(0, recording.Flushes);
    }

    [Fact]
    public async Task EventStream_DropsTheUpstreamsContentLength_AndPassesFlushesOn()
    {
        var (http, recording, body) = Body(Context(WireFormat.AnthropicMessages), 200, "text/event-stream", contentLength: 1234);

        await body.FlushAsync(Token);
        Assert.Null(http.Response.ContentLength);
        Assert.Equal(1, recording.Flushes);

        await body.WriteAsync(Encoding.UTF8.GetBytes(OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":null}""")), Token);
        Assert.StartsWith("event: message_start\n", recording.Text, StringComparison.Ordinal);
        Assert.Equal(0, recording.UnflushedWrites);
    }

    [Fact]
    public async Task CompleteTwice_ClosesTheStreamOnce()
    {
        var (_, recording, body) = Body(Context(WireFormat.AnthropicMessages), 200, "text/event-stream");

        await body.WriteAsync(Encoding.UTF8.GetBytes(OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}""")), Token);
        await body.CompleteAsync(Token);
        await body.CompleteAsync(Token);

        Assert.Equal(1, recording.Text.Split("event: message_stop").Length - 1);
    }

    [Fact]
    public async Task LastEventWithoutItsBlankLine_IsStillTranslated()
    {
        var client = await RunAsync(Context(WireFormat.AnthropicMessages),
            OpenAIStreamToAnthropicTests.Chunk("""{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}"""), "data: [DONE]");

        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", client.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// adv17: a hostile upstream's event that never ends (no blank line) was held without bound (memory for all
    /// tenants); past the held-answer cap the stream is cut instead.
    /// </summary>
    [Fact]
    public async Task EventThatNeverEnds_PastTheCap_CutsTheStream()
    {
        var (http, _, body) = Body(Context(WireFormat.AnthropicMessages), 200, "text/event-stream", maxHeld: 1024);
        var lifetime = new AbortRecorder();
        http.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestLifetimeFeature>(lifetime);

        await body.WriteAsync(Encoding.UTF8.GetBytes("data: " + new string('x', 600)), Token);
        Assert.False(lifetime.Aborted);
        await body.WriteAsync(Encoding.UTF8.GetBytes(new string('x', 600)), Token);

        Assert.True(lifetime.Aborted);
    }

    private sealed class AbortRecorder : Microsoft.AspNetCore.Http.Features.IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }

    private static (DefaultHttpContext Http, ClientRecording Client, TranslatingResponseBody Body) Body(
        TranslationContext context, int status, string contentType, long? contentLength = null, long maxHeld = 1 << 20)
    {
        var http = new DefaultHttpContext();
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = contentLength;
        var client = new ClientRecording();
        return (http, client, new TranslatingResponseBody(client, http.Response, context, maxHeld));
    }
}
