using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Images and PDFs between OpenAI's URLs (<c>data:&lt;media type&gt;;base64,&lt;data&gt;</c> or http(s)) and Anthropic's
/// <c>source</c> objects (<c>base64</c> with <c>media_type</c> and <c>data</c>, or <c>url</c>). Data is copied, never decoded.
/// </summary>
internal static class ImageSources
{
    private const string ImageTypes = "Anthropic takes images as image/jpeg, image/png, image/gif or image/webp, given as a base64 data URL or an http(s) URL.";

    /// <summary>Writes an Anthropic <c>image</c> block for an OpenAI image URL.</summary>
    public static TranslationRefusal? WriteImage(JsonElement url, string path, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        if (url.ValueKind != JsonValueKind.String)
        {
            return new(path, ImageTypes);
        }

        var text = TranslationJson.Utf8(url, scratch);
        if (TrySplitDataUrl(text, out var mediaType, out var data))
        {
            if (!IsImageType(mediaType))
            {
                return new(path, ImageTypes);
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "image"u8);
            writer.WriteStartObject("source"u8);
            writer.WriteString("type"u8, "base64"u8);
            writer.WriteString("media_type"u8, mediaType);
            writer.WriteString("data"u8, data);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return null;
        }

        if (!text.StartsWith("https://"u8) && !text.StartsWith("http://"u8))
        {
            return new(path, ImageTypes);
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "image"u8);
        writer.WriteStartObject("source"u8);
        writer.WriteString("type"u8, "url"u8);
        writer.WriteString("url"u8, text);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return null;
    }

    /// <summary>Writes an Anthropic <c>document</c> block for OpenAI's <c>file.file_data</c> (a PDF data URL).</summary>
    public static TranslationRefusal? WritePdf(JsonElement fileData, string path, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        if (fileData.ValueKind != JsonValueKind.String
            || !TrySplitDataUrl(TranslationJson.Utf8(fileData, scratch), out var mediaType, out var data)
            || !mediaType.SequenceEqual("application/pdf"u8))
        {
            return new(path, "Anthropic takes files as PDF only, given as a base64 data URL (data:application/pdf;base64,...).");
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "document"u8);
        writer.WriteStartObject("source"u8);
        writer.WriteString("type"u8, "base64"u8);
        writer.WriteString("media_type"u8, "application/pdf"u8);
        writer.WriteString("data"u8, data);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return null;
    }

    /// <summary>Writes <c>data:&lt;media type&gt;;base64,&lt;data&gt;</c> as the current string value.</summary>
    public static void WriteDataUrl(Utf8JsonWriter writer, JsonElement mediaType, JsonElement data, PooledBufferWriter scratch)
    {
        writer.WriteStringValueSegment("data:"u8, isFinalSegment: false);
        TranslationJson.WriteSegment(writer, mediaType, scratch, isFinal: false);
        writer.WriteStringValueSegment(";base64,"u8, isFinalSegment: false);
        TranslationJson.WriteSegment(writer, data, scratch, isFinal: true);
    }

    public static bool IsImageType(ReadOnlySpan<byte> mediaType) =>
        mediaType.SequenceEqual("image/jpeg"u8) || mediaType.SequenceEqual("image/png"u8)
        || mediaType.SequenceEqual("image/gif"u8) || mediaType.SequenceEqual("image/webp"u8);

    private static bool TrySplitDataUrl(ReadOnlySpan<byte> url, out ReadOnlySpan<byte> mediaType, out ReadOnlySpan<byte> data)
    {
        mediaType = default;
        data = default;
        if (!url.StartsWith("data:"u8))
        {
            return false;
        }

        var rest = url[5..];
        var marker = rest.IndexOf(";base64,"u8);
        if (marker < 0)
        {
            return false;
        }

        mediaType = rest[..marker];
        data = rest[(marker + 8)..];
        return true;
    }
}
