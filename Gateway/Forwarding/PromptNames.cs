using System.Text.Json;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>Classifies a property name straight from the reader's UTF-8 bytes (no string per name).</summary>
internal static class PromptNames
{
    private static readonly byte[][] PromptFields =
        ["messages"u8.ToArray(), "input"u8.ToArray(), "prompt"u8.ToArray(), "instructions"u8.ToArray(), "system"u8.ToArray()];

    private static readonly byte[][] NotText =
    [
        "role"u8.ToArray(), "name"u8.ToArray(), "type"u8.ToArray(), "id"u8.ToArray(), "tool_call_id"u8.ToArray(), "model"u8.ToArray(),
        "image_url"u8.ToArray(), "url"u8.ToArray(), "detail"u8.ToArray(),

        // Anthropic's blocks: an image's or document's base64 and media type, a thinking block's signature, a
        // redacted thinking block's data and a tool result's id are not text the model reads as tokens of prose.
        "media_type"u8.ToArray(), "data"u8.ToArray(), "signature"u8.ToArray(), "tool_use_id"u8.ToArray(),
    ];

    /// <summary>The kind of the property name the reader is on.</summary>
    public static PromptName Of(ref Utf8JsonReader reader)
    {
        foreach (var name in PromptFields)
        {
            if (reader.ValueTextEquals(name))
            {
                return PromptName.PromptField;
            }
        }

        foreach (var name in NotText)
        {
            if (reader.ValueTextEquals(name))
            {
                return PromptName.NotText;
            }
        }

        return PromptName.Other;
    }
}
