using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// Runs upstream SSE bytes through a real <see cref="TranslatingResponseBody"/> (as the usage tap writes them) and
/// records what the client gets, write by write and flush by flush; plus builders for the expected client events.
/// </summary>
internal static class StreamTranslationHarness
{
    public const long Created = 1_764_547_200;

    public static TranslationContext Context(WireFormat client, bool clientWantsUsage = true) => new()
    {
        Client = client,
        Upstream = client == WireFormat.AnthropicMessages ? WireFormat.OpenAIChat : WireFormat.AnthropicMessages,
        UpstreamKind = client == WireFormat.AnthropicMessages ? ProviderKind.OpenAICompatible : ProviderKind.Anthropic,
        Model = "attempt-model",
        DefaultMaxTokens = 4096,
        Time = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(Created)),
        Stream = true,
        ClientWantsUsage = clientWantsUsage,
    };

    /// <summary>Writes each of <paramref name="writes"/> into the body in its own write, then completes it.</summary>
    public static async Task<ClientRecording> RunAsync(TranslationContext context, params string[] writes)
    {
        var http = new DefaultHttpContext();
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        var client = new ClientRecording();
        await using var body = new TranslatingResponseBody(client, http.Response, context);
        foreach (var write in writes)
        {
            await body.WriteAsync(Encoding.UTF8.GetBytes(write), TestContext.Current.CancellationToken);
        }

        await body.CompleteAsync(TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>The same events with CRLF line ends.</summary>
    public static string[] Crlf(string[] writes) => [.. writes.Select(w => w.Replace("\n", "\r\n", StringComparison.Ordinal))];

    /// <summary>All the writes as one text, cut into pieces of <paramref name="size"/> bytes (events split across writes).</summary>
    public static string[] Cut(string[] writes, int size)
    {
        var all = string.Concat(writes);
        return [.. Enumerable.Range(0, (all.Length + size - 1) / size).Select(i => all.Substring(i * size, Math.Min(size, all.Length - (i * size))))];
    }

    public static string Data(string json) => $"data: {json}\n\n";

    public static string Event(string name, string json) => $"event: {name}\ndata: {json}\n\n";

    /// <summary>Anthropic's <c>message_delta</c> as the translator writes it, with the stop reason and usage from part C's maps.</summary>
    public static string MessageDelta(string? finishReason, TokenUsage usage)
    {
        var usageJson = Property(w => UsageMapping.WriteAnthropicUsage(w, usage));
        return Event("message_delta", $$"""{"type":"message_delta","delta":{"stop_reason":"{{StopReasons.ToAnthropic(finishReason)}}","stop_sequence":null}{{usageJson}}}""");
    }

    /// <summary>OpenAI's usage-only chunk as the translator writes it, with the usage from part C's map.</summary>
    public static string UsageChunk(string id, string model, TokenUsage usage)
    {
        var usageJson = Property(w => UsageMapping.WriteOpenAIUsage(w, usage));
        return Data($$"""{"id":"{{id}}","object":"chat.completion.chunk","created":{{Created}},"model":"{{model}}","choices":[]{{usageJson}}}""");
    }

    public static string FinishChunk(string id, string model, string? stopReason) =>
        Data($$"""{"id":"{{id}}","object":"chat.completion.chunk","created":{{Created}},"model":"{{model}}","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"{{StopReasons.ToOpenAI(stopReason)}}"}]}""");

    public static string DeltaChunk(string id, string model, string delta) =>
        Data($$"""{"id":"{{id}}","object":"chat.completion.chunk","created":{{Created}},"model":"{{model}}","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":null}]}""");

    /// <summary>What a property writer adds inside an object, with its leading comma (empty when it writes nothing).</summary>
    private static string Property(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        var inner = Encoding.UTF8.GetString(buffer.WrittenSpan)[1..^1];
        return inner.Length == 0 ? "" : "," + inner;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
