using System.Globalization;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Anthropic's <c>system</c> and <c>messages</c> as OpenAI messages: the system prompt first, a user turn's tool results
/// as <c>tool</c> messages before the rest of the turn, an assistant turn's text joined and its tool uses as <c>tool_calls</c>.
/// Thinking blocks in the history are dropped: their signatures mean nothing to another provider.
/// </summary>
internal static class AnthropicMessagesToOpenAI
{
    public static TranslationRefusal? WriteSystem(JsonElement system, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        if (system.IsAbsent())
        {
            return null;
        }

        if (system.ValueKind == JsonValueKind.String)
        {
            if (system.IsNonEmptyString())
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, "system"u8);
                writer.WritePropertyName("content"u8);
                system.WriteTo(writer);
                writer.WriteEndObject();
            }

            return null;
        }

        if (system.ValueKind != JsonValueKind.Array)
        {
            return new("system", "Must be a string or an array of text blocks.");
        }

        var i = 0;
        foreach (var block in system.EnumerateArray())
        {
            // cache_control on a block is ignored: prompt caching does not change the answer.
            if (!block.Get("type"u8).IsString("text"u8) || block.Get("text"u8).ValueKind != JsonValueKind.String)
            {
                return new(string.Create(CultureInfo.InvariantCulture, $"system[{i}].type"), "The system prompt may hold only text blocks.");
            }

            i++;
        }

        if (i > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, "system"u8);
            writer.WritePropertyName("content"u8);
            WriteJoined(writer, system, "\n\n"u8, scratch);
            writer.WriteEndObject();
        }

        return null;
    }

    public static TranslationRefusal? WriteMessages(JsonElement messages, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.Get("role"u8);
            var content = message.Get("content"u8);
            var isUser = role.IsString("user"u8);
            if (!isUser && !role.IsString("assistant"u8))
            {
                return new(Path(i, "role"), "Must be user or assistant.");
            }

            TranslationRefusal? refusal;
            if (content.ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, isUser ? "user"u8 : "assistant"u8);
                writer.WritePropertyName("content"u8);
                content.WriteTo(writer);
                writer.WriteEndObject();
                refusal = null;
            }
            else if (content.ValueKind != JsonValueKind.Array)
            {
                refusal = new(Path(i, "content"), "Must be a string or an array of content blocks.");
            }
            else
            {
                refusal = isUser
                    ? AnthropicUserTurnToOpenAI.Write(content, i, writer, scratch)
                    : AnthropicAssistantTurnToOpenAI.Write(content, i, writer, scratch);
            }

            if (refusal is not null)
            {
                return refusal;
            }

            i++;
        }

        return null;
    }

    /// <summary>Writes the <c>text</c> of every text block of <paramref name="blocks"/> as one string, separated by <paramref name="separator"/>.</summary>
    public static void WriteJoined(Utf8JsonWriter writer, JsonElement blocks, ReadOnlySpan<byte> separator, PooledBufferWriter scratch)
    {
        var first = true;
        foreach (var block in blocks.EnumerateArray())
        {
            var text = block.Get("text"u8);
            if (!block.Get("type"u8).IsString("text"u8) || text.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            if (!first)
            {
                writer.WriteStringValueSegment(separator, isFinalSegment: false);
            }

            TranslationJson.WriteSegment(writer, text, scratch, isFinal: false);
            first = false;
        }

        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    public static string Path(int i, string name) => string.Create(CultureInfo.InvariantCulture, $"messages[{i}].{name}");

    public static string Path(int i, int j, string rest) => string.Create(CultureInfo.InvariantCulture, $"messages[{i}].content[{j}].{rest}");
}
