using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// An OpenAI <c>chat.completion</c> as an Anthropic <c>message</c> (README "Translation"): <c>choices[0]</c> only (the
/// request side refused <c>n</c> &gt; 1), a text block when there is text, <c>tool_use</c> blocks with the parsed
/// arguments, <c>finish_reason</c> and usage mapped. Arguments that are not a JSON object make the answer untranslatable.
/// </summary>
internal static class OpenAIToAnthropicAnswer
{
    public static bool Write(JsonElement root, TranslationContext context, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var choices = root.Get("choices"u8);
        if (choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return false;
        }

        var choice = choices[0];
        var message = choice.Get("message"u8);
        if (message.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        writer.WriteStartObject();
        var id = root.Get("id"u8);
        if (id.ValueKind == JsonValueKind.String)
        {
            writer.WritePropertyName("id"u8);
            id.WriteTo(writer);
        }
        else
        {
            writer.WriteString("id"u8, "msg"u8);
        }

        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
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

        writer.WriteStartArray("content"u8);
        WriteText(writer, message.Get("content"u8));
        var refusal = message.Get("refusal"u8);
        var refused = refusal.IsNonEmptyString();
        if (refused)
        {
            WriteTextBlock(writer, refusal);
        }

        if (!WriteToolUses(writer, message.Get("tool_calls"u8), scratch))
        {
            return false;
        }

        writer.WriteEndArray();
        var finishReason = choice.Get("finish_reason"u8);
        writer.WriteString("stop_reason"u8, refused ? "refusal" : StopReasons.ToAnthropic(finishReason.ValueKind == JsonValueKind.String ? finishReason.GetString() : null));
        writer.WriteNull("stop_sequence"u8);
        UsageMapping.WriteAnthropicUsage(writer, UsageMapping.FromOpenAI(root.Get("usage"u8)));
        writer.WriteEndObject();
        return true;
    }

    private static void WriteText(Utf8JsonWriter writer, JsonElement content)
    {
        if (content.IsNonEmptyString())
        {
            WriteTextBlock(writer, content);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            // Some OpenAI-compatible servers answer with content parts.
            foreach (var part in content.EnumerateArray())
            {
                var text = part.Get("text"u8);
                if (part.Get("type"u8).IsString("text"u8) && text.IsNonEmptyString())
                {
                    WriteTextBlock(writer, text);
                }
            }
        }
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, JsonElement text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WritePropertyName("text"u8);
        text.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static bool WriteToolUses(Utf8JsonWriter writer, JsonElement toolCalls, PooledBufferWriter scratch)
    {
        if (toolCalls.IsAbsent())
        {
            return true;
        }

        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var call in toolCalls.EnumerateArray())
        {
            var function = call.Get("function"u8);
            var id = call.Get("id"u8);
            var name = function.Get("name"u8);
            var arguments = function.Get("arguments"u8);
            var type = call.Get("type"u8);
            if (!(type.IsAbsent() || type.IsString("function"u8)) || id.ValueKind != JsonValueKind.String || name.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "tool_use"u8);
            writer.WritePropertyName("id"u8);
            id.WriteTo(writer);
            writer.WritePropertyName("name"u8);
            name.WriteTo(writer);
            writer.WritePropertyName("input"u8);
            if (!ToolArguments.WriteAsObject(writer, arguments, scratch))
            {
                return false;
            }

            writer.WriteEndObject();
        }

        return true;
    }
}
