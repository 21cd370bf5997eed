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
}
