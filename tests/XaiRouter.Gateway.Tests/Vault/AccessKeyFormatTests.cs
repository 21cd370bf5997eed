namespace XaiRouter.Gateway.Vault.Tests;

public sealed class AccessKeyFormatTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Format_AnyKey_IsSeventyTwoBase62CharactersAfterThePrefix()
    {
        var key = AccessKeyFormat.Format(RandomIds.NewKeyId(), Secret);

        Assert.Equal(72, key.Length);
        Assert.StartsWith("sk-Xvs", key, StringComparison.Ordinal);
        Assert.True(Base62.IsBase62(key.AsSpan(6)));
    }

    [Fact]
    public void TryParse_EveryOneCharacterChange_IsRefused()
    {
        var key = AccessKeyFormat.Format(RandomIds.NewKeyId(), Secret);
        var secret = new byte[32];

        for (var i = 6; i < key.Length; i++)
        {
            var chars = key.ToCharArray();
            chars[i] = chars[i] == 'a' ? 'b' : 'a';

            Assert.False(AccessKeyFormat.TryParse(new string(chars), secret, out var keyId));
            Assert.Null(keyId);
            Assert.All(secret, b => Assert.Equal(0, b));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk-Xvs")]
    [InlineData("sk-proj-abcdef")]
    public void TryParse_NotAnAccessKey_IsRefused(string text) => Assert.False(AccessKeyFormat.TryParse(text, new byte[32], out _));

    [Fact]
    public void TryParse_WrongPrefixOrExtraCharacter_IsRefused()
    {
        var key = AccessKeyFormat.Format(RandomIds.NewKeyId(), Secret);

        Assert.False(AccessKeyFormat.TryParse("sk-Xvt" + key[6..], new byte[32], out _));
        Assert.False(AccessKeyFormat.TryParse(key + "0", new byte[32], out _));
        Assert.False(AccessKeyFormat.TryParse(key.AsSpan(0, key.Length - 1), new byte[32], out _));
    }
}
