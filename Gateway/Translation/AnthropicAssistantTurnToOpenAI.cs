using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// One Anthropic assistant turn given as blocks: its text joined into <c>content</c> (null when it only calls tools), its
/// <c>tool_use</c> blocks as <c>tool_calls</c> with the input as compact JSON text; thinking blocks dropped.
/// </summary>
internal static class AnthropicAssistantTurnToOpenAI
{
    public static TranslationRefusal? Write(JsonElement blocks, int i, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var texts = 0;
        var toolUses = 0;
        var j = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var type = block.Get("type"u8);
            if (type.IsString("text"u8) && block.Get("text"u8).ValueKind == JsonValueKind.String)
            {
                texts++;
            }
            else if (type.IsString("tool_use"u8))
            {
                if (block.Get("id"u8).ValueKind != JsonValueKind.String || block.Get("name"u8).ValueKind != JsonValueKind.String)
                {
                    return new(AnthropicMessagesToOpenAI.Path(i, j, "id"), "A tool_use block needs a string id and name.");
                }

                var input = block.Get("input"u8);
                if (!(input.IsAbsent() || input.ValueKind == JsonValueKind.Object))
                {
                    return new(AnthropicMessagesToOpenAI.Path(i, j, "input"), "Must be an object.");
                }

                toolUses++;
            }
            else if (!type.IsString("thinking"u8) && !type.IsString("redacted_thinking"u8))
            {
                return new(AnthropicMessagesToOpenAI.Path(i, j, "type"), "Only text, tool_use and thinking blocks can be translated in an assistant turn (server tools have no equivalent).");
            }

            j++;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        writer.WritePropertyName("content"u8);
        if (texts > 0)
        {
            AnthropicMessagesToOpenAI.WriteJoined(writer, blocks, ReadOnlySpan<byte>.Empty, scratch);
        }
        else if (toolUses > 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(""u8);
        }

        if (toolUses > 0)
        {
            WriteToolCalls(writer, blocks, scratch);
        }

        writer.WriteEndObject();
        return null;
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, JsonElement blocks, PooledBufferWriter scratch)
    {
        using var inputWriter = new Utf8JsonWriter(scratch, TranslationJson.WriterOptions);
        writer.WriteStartArray("tool_calls"u8);
        foreach (var block in blocks.EnumerateArray())
        {
            if (!block.Get("type"u8).IsString("tool_use"u8))
            {
                continue;
            }

            scratch.Reset();
            inputWriter.Reset(scratch);
            var input = block.Get("input"u8);
            if (input.ValueKind == JsonValueKind.Object)
            {
                input.WriteTo(inputWriter);
            }
            else
            {
                inputWriter.WriteStartObject();
                inputWriter.WriteEndObject();
            }

            inputWriter.Flush();
            writer.WriteStartObject();
            writer.WritePropertyName("id"u8);
            block.Get("id"u8).WriteTo(writer);
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WritePropertyName("name"u8);
            block.Get("name"u8).WriteTo(writer);
            writer.WriteString("arguments"u8, scratch.WrittenSpan);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
