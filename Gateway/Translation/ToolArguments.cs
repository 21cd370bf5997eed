using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// OpenAI's tool call <c>arguments</c> (a string holding JSON) as Anthropic's <c>input</c> (a JSON object).
/// </summary>
internal static class ToolArguments
{
    /// <summary>
    /// Writes the object the arguments string holds as the current value; an empty or blank string is <c>{}</c> (servers
    /// send it for tools without parameters).
    /// </summary>
    /// <returns><see langword="false"/> when the arguments are not a string holding one JSON object (nothing was written).</returns>
    public static bool WriteAsObject(Utf8JsonWriter writer, JsonElement arguments, PooledBufferWriter scratch)
    {
        if (arguments.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var json = TranslationJson.Utf8(arguments, scratch).Trim(" \t\r\n"u8);
        if (json.IsEmpty)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return true;
        }

        if (json[0] != (byte)'{' || !IsOneValue(json))
        {
            return false;
        }

        writer.WriteRawValue(json, skipInputValidation: true);
        return true;
    }

    /// <summary>Whether <paramref name="json"/> is exactly one well-formed JSON value (checked here so nothing half-valid is written).</summary>
    private static bool IsOneValue(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = TranslationJson.DocumentOptions.MaxDepth });
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
