using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions.Keys;
using XaiRouter.Grains.Abstractions.ProviderKeys;
using XaiRouter.Grains.Abstractions.Vault;

namespace XaiRouter.Benchmarks;

/// <summary>The vault's request-path operations: parse the key, verify it, unlock a provider key.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class VaultBenchmarks
{
    private KeyVault _vault = null!;
    private AccessKeyRecord _credential = null!;
    private AccessKeyRecord _sealedCredential = null!;
    private ProviderKeyRecord _providerKey = null!;
    private string _accessKey = null!;
    private byte[] _secret = null!;

    [GlobalSetup]
    public void Setup()
    {
        _vault = new KeyVault(Encoding.UTF8.GetBytes("benchmark-pepper-0123456789"));
        using var pools = new PoolKeyRing();
        var poolKey = pools.AddNew("default", 1);
        var issued = _vault.IssueAccessKey(new AccessKeyTemplate("TenantAAAAAAAAAAAAAAAA", AccessKeyKind.Root, "root", null, true, DateTimeOffset.UtcNow), pools);
        _credential = issued.Record;
        _accessKey = issued.AccessKey;
        _secret = new byte[32];
        AccessKeyFormat.TryParse(_accessKey, _secret, out _);
        _providerKey = ProviderKeyCipher.Seal(poolKey.Span, new ProviderKeyRecord("TenantAAAAAAAAAAAAAAAA", "PkAAAAAAAAAAAAAAA", "upstream",
            ProviderKind.OpenAI, "https://api.openai.com/v1", ["gpt-4o"], "default", 1, 1, 0, new SealedSecret([], []), "xxxx", DateTimeOffset.UtcNow),
            Encoding.UTF8.GetBytes("sk-proj-" + new string('x', 156)));
        // The same key holding the pool through a public-key slot (a grant or re-key made without its secret), vouched
        // for by a pool version it holds through a symmetric slot.
        var voucherKey = pools.AddNew("voucher", 1);
        using var unlocked = _vault.Verify(_credential, _secret)!;
        _sealedCredential = _credential with
        {
            Slots =
            [
                SealedSlots.Seal(_credential.PublicKey!, "TenantAAAAAAAAAAAAAAAA", _credential.KeyId, "default", 1, poolKey.Span, new VoucherKey("voucher", 1, voucherKey)),
                unlocked.WrapSlot("voucher", 1, voucherKey.Span),
            ],
        };
    }

    [Benchmark(Description = "parse access key (format + checksum + base62 secret)")]
    public bool ParseAccessKey()
    {
        Span<byte> secret = stackalloc byte[32];
        var parsed = AccessKeyFormat.TryParse(_accessKey, secret, out _);
        CryptographicOperations.ZeroMemory(secret);
        return parsed;
    }

    [Benchmark(Description = "verify (HKDF extract + expand + constant-time compare)")]
    public bool Verify()
    {
        using var unlocked = _vault.Verify(_credential, _secret);
        return unlocked is not null;
    }

    [Benchmark(Description = "unlock (PRK + KEK + slot open + provider key decrypt + wipe)")]
    public int Unlock()
    {
        using var plaintext = _vault.Unlock(_credential, _secret, _providerKey);
        return plaintext!.Length;
    }

    [Benchmark(Description = "request path: parse + verify + unlock for sending (checksum, PRK, verifier, KEK, slot, provider key)")]
    public int RequestPath()
    {
        Span<byte> secret = stackalloc byte[32];
        AccessKeyFormat.TryParse(_accessKey, secret, out _);
        using var unlocked = _vault.Verify(_credential, secret)!;
        CryptographicOperations.ZeroMemory(secret);
        var unlock = unlocked.UnlockForSending(_providerKey);
        using var plaintext = unlock.Plaintext;
        return plaintext!.Length;
    }

    [Benchmark(Description = "unlock through a public-key slot (PRK + X25519 key derivation + agreement + HKDF + slot open + decrypt)")]
    public int UnlockSealedSlot()
    {
        using var plaintext = _vault.Unlock(_sealedCredential, _secret, _providerKey);
        return plaintext!.Length;
    }

    [GlobalCleanup]
    public void Cleanup() => _vault.Dispose();
}
