using BenchmarkDotNet.Attributes;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Benchmarks;

/// <summary>Argon2id at the vault's parameters (19456 KiB, t = 2, p = 1): the cost of one console login.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class PassphraseBenchmarks
{
    private readonly byte[] _salt = new byte[PassphraseHasher.SaltSize];

    [Benchmark(Description = "Argon2id passphrase derivation")]
    public int Derive()
    {
        using var prk = PassphraseHasher.Derive("correct horse battery staple", _salt);
        return prk.Length;
    }
}
