using System.Text;
using XaiRouter.Gateway.Tenants;

namespace XaiRouter.Gateway.Vault.Tests;

/// <summary>The claim token and the peppered passphrase PRK against the vectors of the independent Python implementation (<c>onboarding</c> in test-vectors.json).</summary>
public sealed class OnboardingVectorTests
{
    [Fact]
    public void ClaimToken_TestVector_FormatParsesAndHashes()
    {
        var (input, output) = Vector("claim_token");
        var tenant = Text(input, "tenant");
        var secret = Hex(input, "secret_hex");
        var parsed = new byte[ClaimTokenFormat.SecretSize];

        Assert.True(ClaimTokenFormat.TryParse(Text(output, "token"), parsed, out var tenantId));
        Assert.Equal(tenant, tenantId);
        Assert.Equal(secret, parsed);
        Assert.Equal(Text(output, "token"), $"{ClaimTokenFormat.Prefix}{tenant}-{Base62.Encode(secret)}");
        Assert.Equal(Text(output, "hash_hex"), Convert.ToHexStringLower(ClaimTokenFormat.Hash(tenant, secret)));
    }

    [Fact]
    public void PepperedPassphrase_TestVector_MatchesArgon2idThenHkdfExtractUnderThePepper()
    {
        var (input, output) = Vector("peppered_passphrase");
        using var sut = new KeyVault(Encoding.UTF8.GetBytes(Text(input, "pepper_utf8")));
        var verifier = new byte[VaultCrypto.KeySize];

        using var argon2 = PassphraseHasher.Derive(Text(input, "passphrase_utf8"), Hex(input, "salt_hex"));
        using var prk = sut.DerivePassphrasePrk(argon2);
        VaultCrypto.DeriveVerifier(prk.Span, verifier);

        Assert.Equal(Text(output, "argon2id_hex"), Convert.ToHexStringLower(argon2.Span));
        Assert.Equal(Text(output, "prk_hex"), Convert.ToHexStringLower(prk.Span));
        Assert.Equal(Text(output, "verifier_hex"), Convert.ToHexStringLower(verifier));
    }

    [Fact]
    public void DerivePassphrasePrk_WithoutPepper_Throws()
    {
        using var sut = new KeyVault([]);
        using var argon2 = new SecretBuffer(VaultCrypto.KeySize);

        Assert.False(sut.HasPepper);
        Assert.Throws<InvalidOperationException>(() => sut.DerivePassphrasePrk(argon2));
    }

    [Theory]
    [InlineData("xct-T3nantTestVector000000_c5cSIt5FoB9dCM1EVZmr4QGXqS05UImBrUYPTaIaxIt")]
    [InlineData("xct-T3nantTestVector000000-c5cSIt5FoB9dCM1EVZmr4QGXqS05UImBrUYPTaIaxI")]
    [InlineData("xct-T3nant-estVector000000-c5cSIt5FoB9dCM1EVZmr4QGXqS05UImBrUYPTaIaxIt")]
    [InlineData("sk-Xvs")]
    [InlineData("")]
    public void TryParse_Malformed_ReturnsFalse(string token)
    {
        Assert.False(ClaimTokenFormat.TryParse(token, new byte[ClaimTokenFormat.SecretSize], out _));
    }

    private static (JsonElement Input, JsonElement Output) Vector(string name)
    {
        var path = Path.Combine(RepositoryPaths.Root, "Gateway", "Vault", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vector = document.RootElement.GetProperty("onboarding").GetProperty(name).Clone();
        return (vector.GetProperty("inputs"), vector.GetProperty("outputs"));
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static byte[] Hex(JsonElement element, string property) => Convert.FromHexString(Text(element, property));
}
