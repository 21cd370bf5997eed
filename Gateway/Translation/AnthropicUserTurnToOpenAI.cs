using System.Globalization;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// One Anthropic user turn given as blocks: its <c>tool_result</c> blocks as <c>tool</c> messages first (OpenAI wants them
/// right after the assistant's tool calls), then the rest as one user message (a single text block as a plain string).
/// </summary>
internal static class AnthropicUserTurnToOpenAI
{
    public static TranslationRefusal? Write(JsonElement blocks, int i, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var j = 0;
        var others = 0;
        var toolResults = 0;
        var onlyText = default(JsonElement);
        foreach (var block in blocks.EnumerateArray())
        {
            if (block.Get("type"u8).IsString("tool_result"u8))
            {
                if (WriteToolMessage(block, i, j, writer, scratch) is { } refusal)
                {
                    return refusal;
                }

                toolResults++;
            }
            else
            {
                onlyText = block;
                others++;
            }

            j++;
        }

        if (others == 0 && toolResults > 0)
        {
            return null;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        writer.WritePropertyName("content"u8);
        if (others == 1 && onlyText.Get("type"u8).IsString("text"u8) && IsPlainText(onlyText))
        {
            onlyText.Get("text"u8).WriteTo(writer);
        }
        else
        {
            writer.WriteStartArray();
            j = 0;
            foreach (var block in blocks.EnumerateArray())
            {
                if (!block.Get("type"u8).IsString("tool_result"u8) && WritePart(block, i, j, writer, scratch) is { } refusal)
                {
                    return refusal;
                }

                j++;
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        return null;
    }

    private static bool IsPlainText(JsonElement block) =>
        block.Get("text"u8).ValueKind == JsonValueKind.String && NoCitations(block);

    private static bool NoCitations(JsonElement block)
    {
        var citations = block.Get("citations"u8);
        return citations.IsAbsent() || (citations.ValueKind == JsonValueKind.Array && citations.GetArrayLength() == 0);
    }

    private static TranslationRefusal? WritePart(JsonElement block, int i, int j, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var type = block.Get("type"u8);
        if (type.IsString("text"u8))
        {
            if (block.Get("text"u8).ValueKind != JsonValueKind.String)
            {
                return new(AnthropicMessagesToOpenAI.Path(i, j, "text"), "Must be a string.");
            }

            if (!NoCitations(block))
            {
                return new(AnthropicMessagesToOpenAI.Path(i, j, "citations"), "OpenAI's chat completions API has no citations.");
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            writer.WritePropertyName("text"u8);
            block.Get("text"u8).WriteTo(writer);
            writer.WriteEndObject();
            return null;
        }

        var source = block.Get("source"u8);
        var sourceType = source.Get("type"u8);
        if (type.IsString("image"u8))
        {
            if (sourceType.IsString("base64"u8) && source.Get("media_type"u8).ValueKind == JsonValueKind.String && source.Get("data"u8).ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image_url"u8);
                writer.WriteStartObject("image_url"u8);
                writer.WritePropertyName("url"u8);
                ImageSources.WriteDataUrl(writer, source.Get("media_type"u8), source.Get("data"u8), scratch);
                writer.WriteEndObject();
                writer.WriteEndObject();
                return null;
            }

            if (sourceType.IsString("url"u8) && source.Get("url"u8).ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image_url"u8);
                writer.WriteStartObject("image_url"u8);
                writer.WritePropertyName("url"u8);
                source.Get("url"u8).WriteTo(writer);
                writer.WriteEndObject();
                writer.WriteEndObject();
                return null;
            }

            return new(AnthropicMessagesToOpenAI.Path(i, j, "source.type"), "Only base64 and url image sources can be translated.");
        }

        if (type.IsString("document"u8))
        {
            if (!sourceType.IsString("base64"u8) || !source.Get("media_type"u8).IsString("application/pdf"u8) || source.Get("data"u8).ValueKind != JsonValueKind.String)
            {
                return new(AnthropicMessagesToOpenAI.Path(i, j, "source.type"), "Only base64 PDF documents can be translated.");
            }

            if (block.Get("citations"u8).Get("enabled"u8).ValueKind == JsonValueKind.True)
            {
                return new(AnthropicMessagesToOpenAI.Path(i, j, "citations"), "OpenAI's chat completions API has no citations.");
            }

            if (!block.Get("title"u8).IsAbsent() || !block.Get("context"u8).IsAbsent())
            {
                return new(AnthropicMessagesToOpenAI.Path(i, j, block.Get("title"u8).IsAbsent() ? "context" : "title"), "OpenAI's file parts have no document title or context.");
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "file"u8);
            writer.WriteStartObject("file"u8);
            writer.WriteString("filename"u8, "document.pdf"u8);
            writer.WritePropertyName("file_data"u8);
            ImageSources.WriteDataUrl(writer, source.Get("media_type"u8), source.Get("data"u8), scratch);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return null;
        }

        return new(AnthropicMessagesToOpenAI.Path(i, j, "type"), "Only text, image, document and tool_result blocks can be translated in a user turn.");
    }

    private static TranslationRefusal? WriteToolMessage(JsonElement block, int i, int j, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var id = block.Get("tool_use_id"u8);
        if (id.ValueKind != JsonValueKind.String)
        {
            return new(AnthropicMessagesToOpenAI.Path(i, j, "tool_use_id"), "Must be a string.");
        }

        var content = block.Get("content"u8);
        if (content.ValueKind == JsonValueKind.Array)
        {
            var k = 0;
            foreach (var part in content.EnumerateArray())
            {
                if (!part.Get("type"u8).IsString("text"u8) || part.Get("text"u8).ValueKind != JsonValueKind.String)
                {
                    return new(
                        AnthropicMessagesToOpenAI.Path(i, j, string.Create(CultureInfo.InvariantCulture, $"content[{k}].type")),
                        "An OpenAI tool message holds text only (an image in a tool result has no equivalent).");
                }

                k++;
            }
        }
        else if (!content.IsAbsent() && content.ValueKind != JsonValueKind.String)
        {
            return new(AnthropicMessagesToOpenAI.Path(i, j, "content"), "Must be a string or an array of text blocks.");
        }

        // is_error is ignored: the error text is in the content, and OpenAI's tool messages have no flag for it.
        writer.WriteStartObject();
        writer.WriteString("role"u8, "tool"u8);
        writer.WritePropertyName("tool_call_id"u8);
        id.WriteTo(writer);
        writer.WritePropertyName("content"u8);
        if (content.ValueKind == JsonValueKind.String)
        {
            content.WriteTo(writer);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            AnthropicMessagesToOpenAI.WriteJoined(writer, content, "\n\n"u8, scratch);
        }
        else
        {
            writer.WriteStringValue(""u8);
        }

        writer.WriteEndObject();
        return null;
    }
}
