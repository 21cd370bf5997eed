using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// An Anthropic <c>message</c> answer as an OpenAI <c>chat.completion</c> (README "Translation"): text blocks joined into
/// <c>content</c> (null when there are none), <c>tool_use</c> blocks as <c>tool_calls</c> with the input as compact JSON
/// text, thinking blocks dropped, <c>stop_reason</c> and usage mapped.
/// </summary>
internal static class AnthropicToOpenAIAnswer
{
    public static bool Write(JsonElement root, TranslationContext context, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var content = root.Get("content"u8);
        if (content.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        writer.WriteStartObject();
        WriteCopy(writer, "id"u8, root.Get("id"u8), "msg"u8);
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, context.Time.GetUtcNow().ToUnixTimeSeconds());
        var model = root.Get("model"u8);
        if (model.ValueKind == JsonValueKind.String)
        {
            writer.WritePropertyName("model"u8);
            model.WriteTo(writer);
        }
        else
        {
            writer.WriteString("model"u8, context.Model);
        }

        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WritePropertyName("content"u8);
        WriteJoinedText(writer, content, scratch);
        writer.WriteNull("refusal"u8);
        if (!WriteToolCalls(writer, content, scratch))
        {
            return false;
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        var stopReason = root.Get("stop_reason"u8);
        writer.WriteString("finish_reason"u8, StopReasons.ToOpenAI(stopReason.ValueKind == JsonValueKind.String ? stopReason.GetString() : null));
        writer.WriteEndObject();
        writer.WriteEndArray();
        UsageMapping.WriteOpenAIUsage(writer, UsageMapping.FromAnthropic(root.Get("usage"u8)));
        writer.WriteEndObject();
        return true;
    }

    /// <summary>Writes the texts of the text blocks as one string (no separator: they are parts of one answer), or null.</summary>
    private static void WriteJoinedText(Utf8JsonWriter writer, JsonElement content, PooledBufferWriter scratch)
    {
        var any = false;
        foreach (var block in content.EnumerateArray())
        {
            var text = block.Get("text"u8);
            if (block.Get("type"u8).IsString("text"u8) && text.ValueKind == JsonValueKind.String)
            {
                TranslationJson.WriteSegment(writer, text, scratch, isFinal: false);
                any = true;
            }
        }

        if (any)
        {
            writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes <c>tool_calls</c> when there are tool_use blocks; <paramref name="arguments"/> holds each input's JSON text.</summary>
    private static bool WriteToolCalls(Utf8JsonWriter writer, JsonElement content, PooledBufferWriter arguments)
    {
        Utf8JsonWriter? argumentsWriter = null;
        try
        {
            return WriteToolCalls(writer, content, arguments, ref argumentsWriter);
        }
        finally
        {
            argumentsWriter?.Dispose();
        }
    }

    private static bool WriteToolCalls(Utf8JsonWriter writer, JsonElement content, PooledBufferWriter arguments, ref Utf8JsonWriter? argumentsWriter)
    {
        var open = false;
        foreach (var block in content.EnumerateArray())
        {
            if (!block.Get("type"u8).IsString("tool_use"u8))
            {
                continue;
            }

            var id = block.Get("id"u8);
            var name = block.Get("name"u8);
            var input = block.Get("input"u8);
            if (id.ValueKind != JsonValueKind.String || name.ValueKind != JsonValueKind.String || input.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (!open)
            {
                writer.WriteStartArray("tool_calls"u8);
                open = true;
            }

            arguments.Reset();
            argumentsWriter ??= new Utf8JsonWriter(arguments, TranslationJson.WriterOptions);
            argumentsWriter.Reset(arguments);
            input.WriteTo(argumentsWriter);
            argumentsWriter.Flush();
            writer.WriteStartObject();
            writer.WritePropertyName("id"u8);
            id.WriteTo(writer);
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WritePropertyName("name"u8);
            name.WriteTo(writer);
            writer.WriteString("arguments"u8, arguments.WrittenSpan);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (open)
        {
            writer.WriteEndArray();
        }

        return true;
    }

    private static void WriteCopy(Utf8JsonWriter writer, ReadOnlySpan<byte> name, JsonElement value, ReadOnlySpan<byte> fallback)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteString(name, fallback);
        }
    }
}
