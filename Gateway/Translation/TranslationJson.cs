using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>What the translators share: writer and parser options, and reading string values without allocating.</summary>
internal static class TranslationJson
{
    /// <summary>
    /// Compact output; the relaxed encoder leaves <c>+</c>, <c>&lt;</c> and non-ASCII text alone, so base64 image data and
    /// prompts are not inflated by <c>\uXXXX</c> escapes (the bodies go to an API, never into HTML).
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Duplicate names are refused: the router and the upstream must never read different values for one field.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 128 };

    /// <summary>
    /// Parses <paramref name="json"/> into a document over a pooled copy (JsonDocument keeps the memory it parses), which
    /// <see cref="PooledDocument.Dispose"/> clears and returns.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not one JSON value.</exception>
    public static PooledDocument Parse(ReadOnlySpan<byte> json)
    {
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(json.Length, 1));
        json.CopyTo(copy);
        try
        {
            return new PooledDocument(JsonDocument.Parse(copy.AsMemory(0, json.Length), DocumentOptions), copy, json.Length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(copy, clearArray: true);
            throw;
        }
    }

    /// <summary>
    /// The unescaped UTF-8 of a string element: a view of the document when it holds no escapes (the usual case),
    /// else a copy unescaped into <paramref name="scratch"/> (which is reset first).
    /// </summary>
    public static ReadOnlySpan<byte> Utf8(JsonElement element, PooledBufferWriter scratch)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var inner = raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
        if (!inner.Contains((byte)'\\'))
        {
            return inner;
        }

        scratch.Reset();
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var length = reader.CopyString(scratch.GetSpan(inner.Length));
        scratch.Advance(length);
        return scratch.WrittenSpan;
    }

    /// <summary>Writes a string element as one segment of the string value being written (for joined texts).</summary>
    public static void WriteSegment(Utf8JsonWriter writer, JsonElement element, PooledBufferWriter scratch, bool isFinal) =>
        writer.WriteStringValueSegment(Utf8(element, scratch), isFinal);

    public static bool IsAbsent(this JsonElement element) => element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    /// <summary>The property <paramref name="name"/> of an object, or an undefined element (also when not an object).</summary>
    public static JsonElement Get(this JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A string with at least one character.</summary>
    public static bool IsNonEmptyString(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(element).Length > 2;

    public static bool IsString(this JsonElement element, ReadOnlySpan<byte> value) =>
        element.ValueKind == JsonValueKind.String && element.ValueEquals(value);

    /// <summary>
    /// A document over a pooled copy of its bytes; disposing it disposes the document and returns the copy cleared.
    /// </summary>
    internal readonly struct PooledDocument(JsonDocument document, byte[] copy, int length) : IDisposable
    {
        public JsonElement Root => document.RootElement;

        public void Dispose()
        {
            document.Dispose();
            copy.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
