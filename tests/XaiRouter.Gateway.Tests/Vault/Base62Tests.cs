namespace XaiRouter.Gateway.Vault.Tests;

public sealed class Base62Tests
{
    [Theory]
    [InlineData(16, 22)]
    [InlineData(32, 43)]
    [InlineData(10, 14)]
    public void Encode_AnyBytes_HasFixedLength(int bytes, int expectedLength)
    {
        Assert.Equal(expectedLength, Base62.EncodedLength(bytes));
        Assert.Equal(expectedLength, Base62.Encode(new byte[bytes]).Length);
        Assert.Equal(expectedLength, Base62.Encode(Enumerable.Repeat((byte)0xFF, bytes).ToArray()).Length);
    }

    [Fact]
    public void Encode_KnownValues_MatchBigEndianBase62()
    {
        Assert.Equal("00", Base62.Encode([0]));
        Assert.Equal("0z", Base62.Encode([61]));
        Assert.Equal("10", Base62.Encode([62]));
        Assert.Equal("47", Base62.Encode([255]));
    }

    [Theory]
    [InlineData("abcXYZ019", true)]
    [InlineData("", false)]
    [InlineData("abc-def", false)]
    [InlineData("abc def", false)]
    public void IsBase62_Text_ChecksTheAlphabet(string text, bool expected) => Assert.Equal(expected, Base62.IsBase62(text));

    [Fact]
    public void TryDecode_EncodedBytes_RoundTrips()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 37)).ToArray();
        var decoded = new byte[32];

        Assert.True(Base62.TryDecode(Base62.Encode(bytes), decoded));
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000-0")]
    public void TryDecode_OverflowWrongLengthOrAlphabet_ReturnsFalseAndZeroes(string text)
    {
        var decoded = Enumerable.Repeat((byte)0xAA, 32).ToArray();

        Assert.False(Base62.TryDecode(text, decoded));
        Assert.All(decoded, b => Assert.Equal(0, b));
    }

    /// <summary>
    /// The limb-wise arithmetic (issue 16, second round) against a plain big-integer reference: every length the span
    /// methods take, values with all bits set, none set and random ones, the largest value of a length and the first
    /// that does not fit.
    /// </summary>
    [Fact]
    public void EncodeAndDecode_EveryLength_MatchBigIntegerReference()
    {
        var random = new Random(16);
        for (var length = 1; length <= Base62.MaxBytes; length++)
        {
            var samples = new List<byte[]> { new byte[length], Enumerable.Repeat((byte)0xFF, length).ToArray() };
            for (var i = 0; i < 8; i++)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);
                samples.Add(bytes);
            }

            foreach (var bytes in samples)
            {
                var expected = ReferenceEncode(bytes);
                Assert.Equal(expected, Base62.Encode(bytes));
                var decoded = new byte[length];
                Assert.True(Base62.TryDecode(expected, decoded));
                Assert.Equal(bytes, decoded);
            }

            // One past the largest value of this length, in as many digits, when it still fits them.
            var tooLarge = System.Numerics.BigInteger.One << (8 * length);
            if (tooLarge < System.Numerics.BigInteger.Pow(62, Base62.EncodedLength(length)))
            {
                var text = ReferenceDigits(tooLarge, Base62.EncodedLength(length));
                var output = Enumerable.Repeat((byte)0xAA, length).ToArray();
                Assert.False(Base62.TryDecode(text, output), $"length {length}");
                Assert.All(output, b => Assert.Equal(0, b));
            }
        }
    }

    private static string ReferenceEncode(byte[] bytes) =>
        ReferenceDigits(new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true), Base62.EncodedLength(bytes.Length));

    private static string ReferenceDigits(System.Numerics.BigInteger value, int length)
    {
        var chars = new char[length];
        for (var i = length - 1; i >= 0; i--)
        {
            chars[i] = Base62.Alphabet[(int)(value % 62)];
            value /= 62;
        }

        return new string(chars);
    }
}
