using System.Text;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.ProviderKeys;

namespace XaiRouter.Gateway.Vault.Tests;

/// <summary>The project's vault code against the vectors written by the independent Python implementation.</summary>
public sealed class VaultTestVectorTests
{
    public static TheoryData<string> VectorNames => new(Vectors().Select(v => v.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Derivations_TestVector_MatchByteForByte(string name)
    {
        var (input, output) = Vector(name);
        var secret = Hex(input, "secret_hex");
        var salt = Hex(input, "salt_hex");
        var pepper = Encoding.UTF8.GetBytes(input.GetProperty("pepper_utf8").GetString()!);
        var prk = new byte[32];
        var verifier = new byte[32];
        var kek = new byte[32];

        VaultCrypto.DerivePrk(secret, pepper, salt, prk);
        VaultCrypto.DeriveVerifier(prk, verifier);
        VaultCrypto.DeriveKek(prk, Text(input, "tenant"), Text(input, "key_id"), kek);

        Assert.Equal(Text(output, "prk_hex"), Convert.ToHexStringLower(prk));
        Assert.Equal(Text(output, "verifier_hex"), Convert.ToHexStringLower(verifier));
        Assert.Equal(Text(output, "kek_hex"), Convert.ToHexStringLower(kek));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Labels_TestVector_MatchTheSpecificationStrings(string name)
    {
        var (input, output) = Vector(name);
        var buffer = new byte[VaultLabels.MaxLength];

        Assert.Equal(Text(output, "kek_info"), Encoding.UTF8.GetString(buffer, 0, VaultLabels.Kek(buffer, Text(input, "tenant"), Text(input, "key_id"))));
        Assert.Equal(Text(output, "slot_aad"), Encoding.UTF8.GetString(buffer, 0,
            VaultLabels.Slot(buffer, Text(input, "tenant"), Text(input, "key_id"), Text(input, "pool"), input.GetProperty("version").GetInt32())));
        Assert.Equal(Text(output, "provider_key_aad"), Encoding.UTF8.GetString(buffer, 0,
            VaultLabels.ProviderKey(buffer, Text(input, "tenant"), Text(input, "provider_key_id"), Text(input, "pool"), input.GetProperty("version").GetInt32())));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Ciphertexts_TestVector_MatchAndOpen(string name)
    {
        var (input, output) = Vector(name);
        var tenant = Text(input, "tenant");
        var pool = Text(input, "pool");
        var version = input.GetProperty("version").GetInt32();
        var poolKey = Hex(input, "pool_key_hex");

        var slot = KeyVault.WrapSlot(Hex(output, "kek_hex"), Hex(input, "slot_nonce_hex"), tenant, Text(input, "key_id"), pool, version, poolKey);
        var providerKey = ProviderKeyCipher.SealLegacy(poolKey, Hex(input, "provider_nonce_hex"), tenant, Text(input, "provider_key_id"), pool, version,
            Encoding.UTF8.GetBytes(Text(input, "provider_key_utf8")));

        Assert.Equal(Text(output, "slot_sealed_hex"), Convert.ToHexStringLower(slot.Sealed.Ciphertext));
        Assert.Equal(Text(output, "provider_key_sealed_hex"), Convert.ToHexStringLower(providerKey.Ciphertext));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void AccessKey_TestVector_FormatsAndParses(string name)
    {
        var (input, output) = Vector(name);
        var secret = Hex(input, "secret_hex");
        var parsed = new byte[32];

        var formatted = AccessKeyFormat.Format(Text(input, "key_id"), secret);

        Assert.Equal(Text(output, "access_key"), formatted);
        Assert.True(AccessKeyFormat.TryParse(formatted, parsed, out var keyId));
        Assert.Equal(Text(input, "key_id"), keyId);
        Assert.Equal(secret, parsed);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Unlock_TestVectorRecords_DecryptsTheProviderKey(string name)
    {
        var (input, output) = Vector(name);
        var tenant = Text(input, "tenant");
        var pool = Text(input, "pool");
        var version = input.GetProperty("version").GetInt32();
        var credential = new AccessKeyRecord(tenant, Text(input, "key_id"), null, AccessKeyKind.Root, "root", Hex(input, "salt_hex"),
            Hex(output, "verifier_hex"), [new Keyslot(pool, version, new SealedSecret(Hex(input, "slot_nonce_hex"), Hex(output, "slot_sealed_hex")))],
            true, AccessKeyStatus.Active, 1, DateTimeOffset.UnixEpoch, null);
        // A legacy (v1) record: served only at its provider kind's official URL, which its AAD does not cover.
        var providerKey = new ProviderKeyRecord(tenant, Text(input, "provider_key_id"), "vector", ProviderKind.OpenAI, "https://api.openai.com/v1", ["m"],
            pool, version, 1, 0, new SealedSecret(Hex(input, "provider_nonce_hex"), Hex(output, "provider_key_sealed_hex")), "ekey", DateTimeOffset.UnixEpoch);
        using var sut = new KeyVault(Encoding.UTF8.GetBytes(input.GetProperty("pepper_utf8").GetString()!));

        using var unlocked = sut.Verify(credential, Hex(input, "secret_hex"));
        using var plaintext = sut.Unlock(credential, Hex(input, "secret_hex"), providerKey);

        Assert.NotNull(unlocked);
        Assert.Equal(Text(input, "provider_key_utf8"), Encoding.UTF8.GetString(plaintext!.Span));
    }

    public static TheoryData<string> BoundVectorNames => new(BoundVectors().Select(v => v.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(BoundVectorNames))]
    public void BoundProviderKey_TestVector_AadAndCiphertextMatchAndOpen(string name)
    {
        var vector = BoundVectors().Single(v => v.GetProperty("name").GetString() == name);
        var input = vector.GetProperty("inputs");
        var output = vector.GetProperty("outputs");
        Assert.True(ProviderNames.TryParse(Text(input, "provider"), out var provider));
        var unsealed = new ProviderKeyRecord(Text(input, "tenant"), Text(input, "provider_key_id"), "vector", provider, Text(input, "base_url"), ["m"],
            Text(input, "pool"), input.GetProperty("version").GetInt32(), 1, 0, new SealedSecret([], []), "ekey", DateTimeOffset.UnixEpoch);
        var aad = new byte[ProviderKeyBinding.Length(unsealed)];

        var written = ProviderKeyBinding.Write(aad, unsealed);
        var record = ProviderKeyCipher.Seal(Hex(input, "pool_key_hex"), Hex(input, "nonce_hex"), unsealed, Encoding.UTF8.GetBytes(Text(input, "provider_key_utf8")));
        using var opened = ProviderKeyCipher.Open(Hex(input, "pool_key_hex"), record);

        Assert.Equal(Text(input, "auth_scheme"), ProviderAuthScheme.For(provider).Name);
        Assert.Equal(Text(input, "header_template"), ProviderKeyBinding.HeaderTemplate(unsealed));
        Assert.Equal(aad.Length, written);
        Assert.Equal(Text(output, "aad_hex"), Convert.ToHexStringLower(aad));
        Assert.Equal(ProviderKeyFormat.BoundV2, record.Format);
        Assert.Equal(Text(output, "sealed_hex"), Convert.ToHexStringLower(record.Key.Ciphertext));
        Assert.Equal(Text(input, "provider_key_utf8"), Encoding.UTF8.GetString(opened!.Span));
    }

    [Fact]
    public void PassphraseDerivation_TestVector_MatchesArgon2idAndVerifier()
    {
        var path = Path.Combine(RepositoryPaths.Root, "Gateway", "Vault", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vector = document.RootElement.GetProperty("passphrase");
        var input = vector.GetProperty("inputs");
        var output = vector.GetProperty("outputs");
        var verifier = new byte[32];

        using var prk = PassphraseHasher.Derive(Text(input, "passphrase_utf8"), Hex(input, "salt_hex"));
        VaultCrypto.DeriveVerifier(prk.Span, verifier);

        Assert.Equal(PassphraseHasher.MemoryCostKiB, input.GetProperty("memory_kib").GetInt32());
        Assert.Equal(PassphraseHasher.TimeCost, input.GetProperty("iterations").GetInt32());
        Assert.Equal(Text(output, "prk_hex"), Convert.ToHexStringLower(prk.Span));
        Assert.Equal(Text(output, "verifier_hex"), Convert.ToHexStringLower(verifier));
    }

    private static (JsonElement Input, JsonElement Output) Vector(string name)
    {
        var vector = Vectors().Single(v => v.GetProperty("name").GetString() == name);
        return (vector.GetProperty("inputs"), vector.GetProperty("outputs"));
    }

    private static IEnumerable<JsonElement> Vectors()
    {
        var path = Path.Combine(RepositoryPaths.Root, "Gateway", "Vault", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone())];
    }

    private static IEnumerable<JsonElement> BoundVectors()
    {
        var path = Path.Combine(RepositoryPaths.Root, "Gateway", "Vault", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("bound_provider_key").EnumerateArray().Select(v => v.Clone())];
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static byte[] Hex(JsonElement element, string property) => Convert.FromHexString(Text(element, property));
}
