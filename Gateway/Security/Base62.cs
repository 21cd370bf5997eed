using System.Buffers;
using System.Numerics;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Fixed-length base62 (0-9, A-Z, a-z) for random identifiers and tokens: the same number of bytes always gives
/// the same number of characters, so lengths reveal nothing and formats can be checked by length.
/// </summary>
internal static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    /// <summary>Characters needed for <paramref name="byteCount"/> bytes: ceil(8n / log2 62).</summary>
    public static int EncodedLength(int byteCount) => (int)Math.Ceiling(byteCount * 8 / Math.Log2(62));

    /// <summary>Encodes <paramref name="bytes"/> (big-endian unsigned) as exactly <see cref="EncodedLength"/> characters.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var length = EncodedLength(bytes.Length);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return string.Create(length, value, static (chars, number) =>
        {
            for (var i = chars.Length - 1; i >= 0; i--)
            {
                number = BigInteger.DivRem(number, 62, out var digit);
                chars[i] = Alphabet[(int)digit];
            }
        });
    }

    /// <summary>Whether every character of <paramref name="text"/> is in the base62 alphabet.</summary>
    public static bool IsBase62(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(AlphabetValues);
}
