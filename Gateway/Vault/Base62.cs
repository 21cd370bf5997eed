using System.Buffers;
using System.Runtime.InteropServices;
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

        // The number in 32-bit limbs, big-endian (leading zero bytes pad the first limb): a quarter of the divisions
        // of a byte-wise long division, same digits. Every digit divides all limbs (no shortcut for a shrinking
        // number), so the time does not depend on the value: this also encodes access-key secrets.
        Span<uint> limbs = stackalloc uint[LimbsFor(MaxBytes)];
        limbs = limbs[..ReadLimbs(bytes, limbs)];
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            // Long division by 62; the remainder is the next digit from the right.
            ulong remainder = 0;
            for (var j = 0; j < limbs.Length; j++)
            {
                var value = (remainder << 32) | limbs[j];
                var quotient = value / 62;
                limbs[j] = (uint)quotient;
                remainder = value - (quotient * 62);
            }

            destination[i] = Alphabet[(int)remainder];
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(limbs));
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

        // number = number * 62 + digit in 32-bit limbs, big-endian; the value must fit the destination's bytes.
        Span<uint> limbs = stackalloc uint[LimbsFor(MaxBytes)];
        limbs = limbs[..LimbsFor(destination.Length)];
        limbs.Clear();
        try
        {
            foreach (var c in text)
            {
                var digit = DigitOf(c);
                if (digit < 0)
                {
                    return false;
                }

                var carry = (ulong)digit;
                for (var j = limbs.Length - 1; j >= 0; j--)
                {
                    var value = ((ulong)limbs[j] * 62) + carry;
                    limbs[j] = (uint)value;
                    carry = value >> 32;
                }

                if (carry != 0)
                {
                    return false;
                }
            }

            // The first limb holds only the destination's leading (length mod 4) bytes.
            var spareBits = 8 * ((limbs.Length * 4) - destination.Length);
            if (spareBits > 0 && limbs[0] >> (32 - spareBits) != 0)
            {
                return false;
            }

            WriteLimbs(limbs, destination);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(limbs));
        }
    }

    private static int LimbsFor(int byteCount) => (byteCount + 3) / 4;

    /// <summary>Reads big-endian <paramref name="bytes"/> into big-endian limbs; returns the number of limbs.</summary>
    private static int ReadLimbs(ReadOnlySpan<byte> bytes, Span<uint> limbs)
    {
        var count = LimbsFor(bytes.Length);
        var offset = (count * 4) - bytes.Length;
        limbs[..count].Clear();
        for (var i = 0; i < bytes.Length; i++)
        {
            var position = i + offset;
            limbs[position >> 2] |= (uint)bytes[i] << (8 * (3 - (position & 3)));
        }

        return count;
    }

    /// <summary>Writes big-endian limbs into big-endian bytes, dropping the first limb's padding bytes.</summary>
    private static void WriteLimbs(ReadOnlySpan<uint> limbs, Span<byte> destination)
    {
        var offset = (limbs.Length * 4) - destination.Length;
        for (var i = 0; i < destination.Length; i++)
        {
            var position = i + offset;
            destination[i] = (byte)(limbs[position >> 2] >> (8 * (3 - (position & 3))));
        }
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
