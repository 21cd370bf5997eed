using System.Buffers;
using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// Fixed-length base62 (0-9, A-Z, a-z) of big-endian unsigned numbers: the same number of bytes always gives the
/// same number of characters, so formats can be checked by length. Works on spans without heap copies, because it
/// also encodes and decodes access-key secrets; the scratch copy it needs is wiped.
/// </summary>
internal static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Largest byte count the span methods accept (they use the stack).</summary>
    public const int MaxBytes = 64;

    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    /// <summary>Characters needed for <paramref name="byteCount"/> bytes: ceil(8n / log2 62).</summary>
    public static int EncodedLength(int byteCount) => (int)Math.Ceiling(byteCount * 8 / Math.Log2(62));

    public static string Encode(ReadOnlySpan<byte> bytes) =>
        string.Create(EncodedLength(bytes.Length), bytes, static (chars, source) => Encode(source, chars));

    /// <summary>Writes exactly <see cref="EncodedLength"/>(<paramref name="bytes"/>.Length) characters.</summary>
    public static void Encode(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, MaxBytes);
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, EncodedLength(bytes.Length));
        Span<byte> number = stackalloc byte[bytes.Length];
        bytes.CopyTo(number);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            // Long division of the big-endian number by 62; the remainder is the next digit from the right.
            var remainder = 0;
            for (var j = 0; j < number.Length; j++)
            {
                var value = (remainder << 8) | number[j];
                number[j] = (byte)(value / 62);
                remainder = value % 62;
            }

            destination[i] = Alphabet[remainder];
        }

        CryptographicOperations.ZeroMemory(number);
    }

    /// <summary>
    /// Decodes exactly <see cref="EncodedLength"/>(<paramref name="destination"/>.Length) characters.
    /// Returns <see langword="false"/> for a wrong length, a character outside the alphabet or a value too large.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        destination.Clear();
        if (destination.Length > MaxBytes || text.Length != EncodedLength(destination.Length))
        {
            return false;
        }

        foreach (var c in text)
        {
            var carry = DigitOf(c);
            if (carry < 0)
            {
                destination.Clear();
                return false;
            }

            // destination = destination * 62 + digit, big-endian.
            for (var j = destination.Length - 1; j >= 0; j--)
            {
                var value = (destination[j] * 62) + carry;
                destination[j] = (byte)value;
                carry = value >> 8;
            }

            if (carry != 0)
            {
                destination.Clear();
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every character of <paramref name="text"/> is in the base62 alphabet.</summary>
    public static bool IsBase62(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(AlphabetValues);

    private static int DigitOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        >= 'a' and <= 'z' => c - 'a' + 36,
        _ => -1,
    };
}
