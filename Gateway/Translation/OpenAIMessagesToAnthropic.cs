using System.Globalization;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// OpenAI's <c>messages</c> as Anthropic's <c>system</c> and <c>messages</c>: leading system/developer messages become
/// system blocks; tool results become <c>tool_result</c> blocks of one user turn, which the next user message joins.
/// </summary>
internal static class OpenAIMessagesToAnthropic
{
    /// <summary>
    /// Writes <c>system</c> from the leading system and developer messages (nothing when there are none) and gives the
    /// index of the first other message in <paramref name="conversationStart"/>.
    /// </summary>
    public static TranslationRefusal? WriteSystem(JsonElement messages, Utf8JsonWriter writer, out int conversationStart)
    {
        conversationStart = 0;
        var open = false;
        foreach (var message in messages.EnumerateArray())
        {
            var i = conversationStart;
            var role = message.Get("role"u8);
            if (role.ValueKind != JsonValueKind.String)
            {
                return new(Path(i, "role"), "Every message needs a role.");
            }

            if (!role.ValueEquals("system"u8) && !role.ValueEquals("developer"u8))
            {
                break;
            }

            conversationStart++;
            var content = message.Get("content"u8);
            if (content.ValueKind == JsonValueKind.String)
            {
                WriteSystemBlock(writer, content, ref open);
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                var j = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var text = part.Get("text"u8);
                    if (!part.Get("type"u8).IsString("text"u8) || text.ValueKind != JsonValueKind.String)
                    {
                        return new(Path(i, "content", j, "type"), "A system or developer message may hold only text parts.");
                    }

                    WriteSystemBlock(writer, text, ref open);
                    j++;
                }
            }
            else
            {
                return new(Path(i, "content"), "Must be a string or an array of text parts.");
            }
        }

        if (open)
        {
            writer.WriteEndArray();
        }

        return null;
    }

    /// <summary>Writes <c>messages</c> from the conversation that follows the leading system messages.</summary>
    public static TranslationRefusal? WriteMessages(JsonElement messages, int conversationStart, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        writer.WriteStartArray("messages"u8);

        // A user turn opened by tool results stays open so that the following user message joins it.
        var userTurnOpen = false;
        var i = -1;
        foreach (var message in messages.EnumerateArray())
        {
            i++;
            if (i < conversationStart)
            {
                continue;
            }

            var role = message.Get("role"u8);
            TranslationRefusal? refusal;
            if (role.IsString("tool"u8))
            {
                if (!userTurnOpen)
                {
                    StartUserTurn(writer);
                    userTurnOpen = true;
                }

                refusal = WriteToolResult(message, i, writer);
            }
            else if (role.IsString("user"u8))
            {
                if (userTurnOpen)
                {
                    refusal = OpenAIContentToAnthropic.WriteUserContent(message.Get("content"u8), i, asBlocks: true, writer, scratch);
                    if (refusal is null)
                    {
                        EndTurn(writer);
                        userTurnOpen = false;
                    }
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteString("role"u8, "user"u8);
                    writer.WritePropertyName("content"u8);
                    refusal = OpenAIContentToAnthropic.WriteUserContent(message.Get("content"u8), i, asBlocks: false, writer, scratch);
                    if (refusal is null)
                    {
                        writer.WriteEndObject();
                    }
                }
            }
            else if (role.IsString("assistant"u8))
            {
                if (userTurnOpen)
                {
                    EndTurn(writer);
                    userTurnOpen = false;
                }

                refusal = OpenAIContentToAnthropic.WriteAssistant(message, i, writer, scratch);
            }
            else if (role.IsString("system"u8) || role.IsString("developer"u8))
            {
                refusal = new(Path(i, "role"), "Anthropic takes system instructions only before the conversation; a system or developer message after the first user or assistant message has no faithful place.");
            }
            else if (role.IsString("function"u8))
            {
                refusal = new(Path(i, "role"), "Deprecated function messages are not translated; use tool messages.");
            }
            else
            {
                refusal = new(Path(i, "role"), "Must be system, developer, user, assistant or tool.");
            }

            if (refusal is not null)
            {
                return refusal;
            }
        }

        if (userTurnOpen)
        {
            EndTurn(writer);
        }

        writer.WriteEndArray();
        return null;
    }

    /// <summary>The JSON path of a refused field: <c>messages[i].name</c>, or <c>messages[i].name[j].rest</c>.</summary>
    public static string Path(int i, string name, int j = -1, string? rest = null) => j < 0
        ? string.Create(CultureInfo.InvariantCulture, $"messages[{i}].{name}")
        : string.Create(CultureInfo.InvariantCulture, $"messages[{i}].{name}[{j}].{rest}");

    private static void WriteSystemBlock(Utf8JsonWriter writer, JsonElement text, ref bool open)
    {
        if (!text.IsNonEmptyString())
        {
            // Anthropic refuses empty text blocks, and an empty instruction says nothing.
            return;
        }

        if (!open)
        {
            writer.WriteStartArray("system"u8);
            open = true;
        }

        OpenAIContentToAnthropic.WriteTextBlock(writer, text);
    }

    private static void StartUserTurn(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        writer.WriteStartArray("content"u8);
    }

    private static void EndTurn(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static TranslationRefusal? WriteToolResult(JsonElement message, int i, Utf8JsonWriter writer)
    {
        var id = message.Get("tool_call_id"u8);
        if (id.ValueKind != JsonValueKind.String)
        {
            return new(Path(i, "tool_call_id"), "A tool message needs the id of the tool call it answers.");
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_result"u8);
        writer.WritePropertyName("tool_use_id"u8);
        id.WriteTo(writer);
        var content = message.Get("content"u8);
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WritePropertyName("content"u8);
            content.WriteTo(writer);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray("content"u8);
            var j = 0;
            foreach (var part in content.EnumerateArray())
            {
                var text = part.Get("text"u8);
                if (!part.Get("type"u8).IsString("text"u8) || text.ValueKind != JsonValueKind.String)
                {
                    return new(Path(i, "content", j, "type"), "A tool message may hold only text parts.");
                }

                OpenAIContentToAnthropic.WriteTextBlock(writer, text);
                j++;
            }

            writer.WriteEndArray();
        }
        else if (!content.IsAbsent())
        {
            return new(Path(i, "content"), "Must be a string or an array of text parts.");
        }

        writer.WriteEndObject();
        return null;
    }
}
