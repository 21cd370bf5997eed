using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// The content of one OpenAI user or assistant message as Anthropic blocks: text, images (data URL or http(s) URL),
/// PDF files, and an assistant's tool calls as <c>tool_use</c> blocks.
/// </summary>
internal static class OpenAIContentToAnthropic
{
    /// <summary>
    /// Writes a user message's content: a string as is, parts as blocks; when <paramref name="asBlocks"/> (the blocks go
    /// into an array already open, a turn that tool results began) a string becomes one text block.
    /// </summary>
    public static TranslationRefusal? WriteUserContent(JsonElement content, int i, bool asBlocks, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            if (!asBlocks)
            {
                content.WriteTo(writer);
            }
            else if (content.IsNonEmptyString())
            {
                WriteTextBlock(writer, content);
            }

            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return new(OpenAIMessagesToAnthropic.Path(i, "content"), "Must be a string or an array of content parts.");
        }

        if (!asBlocks)
        {
            writer.WriteStartArray();
        }

        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (WriteUserPart(part, i, j, writer, scratch) is { } refusal)
            {
                return refusal;
            }

            j++;
        }

        if (!asBlocks)
        {
            writer.WriteEndArray();
        }

        return null;
    }

    /// <summary>Writes one assistant message: its text and refusal-free content, then its tool calls.</summary>
    public static TranslationRefusal? WriteAssistant(JsonElement message, int i, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        if (!message.Get("function_call"u8).IsAbsent())
        {
            return new(OpenAIMessagesToAnthropic.Path(i, "function_call"), "Deprecated function calling is not translated; use tool_calls.");
        }

        if (!message.Get("audio"u8).IsAbsent())
        {
            return new(OpenAIMessagesToAnthropic.Path(i, "audio"), "Anthropic's Messages API has no audio.");
        }

        if (!message.Get("refusal"u8).IsAbsent())
        {
            return new(OpenAIMessagesToAnthropic.Path(i, "refusal"), "Anthropic's Messages API has no refusal message to give back.");
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteStartArray("content"u8);
        var content = message.Get("content"u8);
        if (content.ValueKind == JsonValueKind.String)
        {
            if (content.IsNonEmptyString())
            {
                WriteTextBlock(writer, content);
            }
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            var j = 0;
            foreach (var part in content.EnumerateArray())
            {
                var text = part.Get("text"u8);
                if (!part.Get("type"u8).IsString("text"u8) || text.ValueKind != JsonValueKind.String)
                {
                    return new(OpenAIMessagesToAnthropic.Path(i, "content", j, "type"), "An assistant message may hold only text parts here (a refusal part has no equivalent).");
                }

                if (text.IsNonEmptyString())
                {
                    WriteTextBlock(writer, text);
                }

                j++;
            }
        }
        else if (!content.IsAbsent())
        {
            return new(OpenAIMessagesToAnthropic.Path(i, "content"), "Must be a string or an array of text parts.");
        }

        if (WriteToolUses(message.Get("tool_calls"u8), i, writer, scratch) is { } refusal)
        {
            return refusal;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return null;
    }

    public static void WriteTextBlock(Utf8JsonWriter writer, JsonElement text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WritePropertyName("text"u8);
        text.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static TranslationRefusal? WriteUserPart(JsonElement part, int i, int j, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var type = part.Get("type"u8);
        if (type.IsString("text"u8))
        {
            var text = part.Get("text"u8);
            if (text.ValueKind != JsonValueKind.String)
            {
                return new(OpenAIMessagesToAnthropic.Path(i, "content", j, "text"), "Must be a string.");
            }

            if (text.IsNonEmptyString())
            {
                WriteTextBlock(writer, text);
            }

            return null;
        }

        if (type.IsString("image_url"u8))
        {
            // detail (low/high/auto) is ignored: Anthropic sizes images itself.
            var image = part.Get("image_url"u8);
            var url = image.ValueKind == JsonValueKind.String ? image : image.Get("url"u8);
            return ImageSources.WriteImage(url, OpenAIMessagesToAnthropic.Path(i, "content", j, "image_url.url"), writer, scratch);
        }

        if (type.IsString("file"u8))
        {
            var file = part.Get("file"u8);
            if (!file.Get("file_id"u8).IsAbsent())
            {
                return new(OpenAIMessagesToAnthropic.Path(i, "content", j, "file.file_id"), "Files uploaded to OpenAI cannot be passed to Anthropic; send file_data instead.");
            }

            return ImageSources.WritePdf(file.Get("file_data"u8), OpenAIMessagesToAnthropic.Path(i, "content", j, "file.file_data"), writer, scratch);
        }

        return new(OpenAIMessagesToAnthropic.Path(i, "content", j, "type"), type.IsString("input_audio"u8)
            ? "Anthropic's Messages API takes no audio input."
            : "Must be text, image_url or file.");
    }

    private static TranslationRefusal? WriteToolUses(JsonElement toolCalls, int i, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        if (toolCalls.IsAbsent())
        {
            return null;
        }

        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            return new(OpenAIMessagesToAnthropic.Path(i, "tool_calls"), "Must be an array of tool calls.");
        }

        var j = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            var type = call.Get("type"u8);
            var id = call.Get("id"u8);
            var function = call.Get("function"u8);
            var name = function.Get("name"u8);
            if (!(type.IsAbsent() || type.IsString("function"u8)))
            {
                return new(OpenAIMessagesToAnthropic.Path(i, "tool_calls", j, "type"), "Only function tool calls can be translated.");
            }

            if (id.ValueKind != JsonValueKind.String)
            {
                return new(OpenAIMessagesToAnthropic.Path(i, "tool_calls", j, "id"), "Must be a string.");
            }

            if (name.ValueKind != JsonValueKind.String)
            {
                return new(OpenAIMessagesToAnthropic.Path(i, "tool_calls", j, "function.name"), "Must be a string.");
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "tool_use"u8);
            writer.WritePropertyName("id"u8);
            id.WriteTo(writer);
            writer.WritePropertyName("name"u8);
            name.WriteTo(writer);
            writer.WritePropertyName("input"u8);
            if (!ToolArguments.WriteAsObject(writer, function.Get("arguments"u8), scratch))
            {
                return new(OpenAIMessagesToAnthropic.Path(i, "tool_calls", j, "function.arguments"), "Must be a string holding a JSON object (Anthropic's tool input is an object).");
            }

            writer.WriteEndObject();
            j++;
        }

        return null;
    }
}
