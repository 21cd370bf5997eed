using System.Text;

namespace XaiRouter.Grains.Usage;

/// <summary>
/// Text of a usage record as both databases store it. A refusal's model is the caller's own text, and PostgreSQL's
/// <c>text</c> refuses a NUL character (Npgsql a lone surrogate): stored as is, such a record failed its whole batch
/// on every retry, and the reporter, which retries a batch until it is acknowledged, settled nothing after it. Both
/// become U+FFFD, on SQLite too, so the two databases hold the same rows.
/// </summary>
internal static class StorableText
{
    /// <returns><paramref name="text"/> itself when it is storable (the usual case, no copy), else a cleaned copy.</returns>
    public static string Of(string text)
    {
        if (IsStorable(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // EnumerateRunes already yields U+FFFD for a lone surrogate.
            clean.Append(rune.Value == 0 ? Rune.ReplacementChar : rune);
        }

        return clean.ToString();
    }

    public static string? OfNullable(string? text) => text is null ? null : Of(text);

    private static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
