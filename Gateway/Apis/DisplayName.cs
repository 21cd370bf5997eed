using System.Buffers;
using System.Globalization;
using System.Text;

namespace XaiRouter.Gateway.Apis;

/// <summary>The rule for display names (tenants, keys, provider keys): 1-64 printable characters.</summary>
internal static class DisplayName
{
    public const int MaxLength = 64;

    /// <summary>Returns why <paramref name="name"/> is not a valid display name, or <see langword="null"/> when it is.</summary>
    /// <remarks>
    /// Characters are Unicode scalar values, so an emoji counts once. Printable excludes control, format,
    /// private-use and unassigned characters, line and paragraph separators, unpaired surrogates, and names made
    /// only of white space.
    /// </remarks>
    public static string? Validate(string? name, string field = "name")
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"'{field}' is required: 1-64 printable characters.";
        }

        var count = 0;
        var visible = false;
        for (var i = 0; i < name.Length;)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                return $"'{field}' contains an unpaired surrogate.";
            }

            i += consumed;

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.PrivateUse or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return $"'{field}' contains a non-printable character (U+{rune.Value:X4}).";
            }

            visible |= !Rune.IsWhiteSpace(rune);
            if (++count > MaxLength)
            {
                return $"'{field}' is longer than {MaxLength} characters.";
            }
        }

        return visible ? null : $"'{field}' must contain a visible character.";
    }
}
