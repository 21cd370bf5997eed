using System.Buffers;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>Translates whole (non-streamed) upstream answers into the client's format (README "Translation").</summary>
internal static class AnswerTranslation
{
    /// <summary>A whole 2xx answer; on <see langword="false"/> whatever was written to <paramref name="output"/> is to be discarded.</summary>
    /// <returns><see langword="false"/> when it cannot be translated (the caller answers 502); it never throws on bad bytes.</returns>
    public static bool TranslateJson(ReadOnlySpan<byte> upstreamJson, TranslationContext context, IBufferWriter<byte> output)
    {
        if (context.Client == context.Upstream)
        {
            output.Write(upstreamJson);
            return true;
        }

        try
        {
            using var document = TranslationJson.Parse(upstreamJson);
            using var scratch = new PooledBufferWriter();
            using var writer = new Utf8JsonWriter(output, TranslationJson.WriterOptions);
            var translated = context.Upstream == WireFormat.AnthropicMessages
                ? AnthropicToOpenAIAnswer.Write(document.Root, context, writer, scratch)
                : OpenAIToAnthropicAnswer.Write(document.Root, context, writer, scratch);
            writer.Flush();
            return translated;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            // Malformed or oddly typed upstream JSON (GetString on a number, a raw value that does not parse).
            return false;
        }
    }

    /// <summary>An error answer (the caller keeps its status) in the client's envelope; any body, even non-JSON or empty.</summary>
    public static void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, TranslationContext context, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, TranslationJson.WriterOptions);
        ErrorTranslation.Write(status, upstreamBody, context.Client, writer);
        writer.Flush();
    }
}
