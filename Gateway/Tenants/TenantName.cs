using System.Buffers;
using System.Globalization;
using System.Text;

namespace XaiRouter.Gateway.Tenants;

/// <summary>The rule for tenant names: 1-64 printable characters.</summary>
internal static class TenantName
{
    public const int MaxLength = 64;

    /// <summary>Returns why <paramref name="name"/> is not a valid tenant name, or <see langword="null"/> when it is.</summary>
    /// <remarks>
    /// Characters are Unicode scalar values, so an emoji counts once. Printable excludes control, format,
    /// private-use and unassigned characters, line and paragraph separators, unpaired surrogates, and names made
    /// only of white space.
    /// </remarks>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "'name' is required: 1-64 printable characters.";
        }

        var count = 0;
        var visible = false;
        for (var i = 0; i < name.Length;)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                return "'name' contains an unpaired surrogate.";
            }

            i += consumed;

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.PrivateUse or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return $"'name' contains a non-printable character (U+{rune.Value:X4}).";
            }

            visible |= !Rune.IsWhiteSpace(rune);
            if (++count > MaxLength)
            {
                return $"'name' is longer than {MaxLength} characters.";
            }
        }

        return visible ? null : "'name' must contain a visible character.";
    }
}
