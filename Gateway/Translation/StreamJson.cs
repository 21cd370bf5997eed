using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Small reads the stream translators make on one event's JSON with a <see cref="Utf8JsonReader"/>: a string value is
/// kept as the range of its raw token (quotes and escapes included) so that it can be written on as it is, without
/// unescaping or a string.
/// </summary>
internal static class StreamJson
{
    /// <summary>The range of the current string token, quotes included; an empty range for any other token.</summary>
    public static Range RawString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.HasValueSequence
            ? new Range((int)reader.TokenStartIndex, (int)reader.TokenStartIndex + reader.ValueSpan.Length + 2)
            : default;

    /// <summary>Reads the value after the property name the reader is on as a raw string (see <see cref="RawString"/>), skipping anything else.</summary>
    public static Range NextRawString(ref Utf8JsonReader reader)
    {
        reader.Read();
        var range = RawString(ref reader);
        reader.Skip();
        return range;
    }

    /// <summary>Reads the value after the property name the reader is on as a token count: a whole number ≥ 0, else 0.</summary>
    public static long NextCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        var count = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value > 0 ? value : 0;
        reader.Skip();
        return count;
    }

    /// <summary>Whether a raw string token holds at least one character (it is more than its two quotes).</summary>
    public static bool HasText(ReadOnlySpan<byte> rawString) => rawString.Length > 2;

    /// <summary>Whether a raw string token is exactly <paramref name="value"/> (which has nothing to escape).</summary>
    public static bool Is(ReadOnlySpan<byte> rawString, ReadOnlySpan<byte> value) =>
        rawString.Length == value.Length + 2 && rawString[1..^1].SequenceEqual(value);

    /// <summary>Writes a raw string token as the value of <paramref name="name"/>, or <paramref name="fallback"/> when it is absent or empty.</summary>
    public static void WriteRawOr(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawString, string fallback)
    {
        if (HasText(rawString))
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(rawString, skipInputValidation: true);
        }
        else
        {
            writer.WriteString(name, fallback);
        }
    }

    /// <summary>The text of a raw string token, unescaped; the common values come without a new string.</summary>
    public static string? Text(ReadOnlySpan<byte> rawString, ReadOnlySpan<string> common)
    {
        if (rawString.Length < 2)
        {
            return null;
        }

        foreach (var known in common)
        {
            if (rawString.Length == known.Length + 2 && System.Text.Ascii.Equals(rawString[1..^1], known))
            {
                return known;
            }
        }

        var reader = new Utf8JsonReader(rawString);
        reader.Read();
        return reader.GetString();
    }
}
