using System.Text;
using Isopoh.Cryptography.Argon2;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// Argon2id for human passphrases (m = 19456 KiB, t = 2, p = 1, 16-byte salt, 32-byte output); the output takes the
/// place of the PRK. Threads = 1, because Isopoh blocks the calling thread on thread-pool work otherwise, and at
/// most <see cref="MaxConcurrentHashes"/> hashes run at once per process, since each allocates about 100 MiB.
/// </summary>
internal sealed class PassphraseHasher : IDisposable
{
    public const int MemoryCostKiB = 19456;
    public const int TimeCost = 2;
    public const int SaltSize = 16;
    public const int MaxConcurrentHashes = 2;
    public const int MaxPassphraseBytes = 1024;

    /// <summary>
    /// How long an unauthenticated login waits for a free hash before it is answered 503: an unbounded queue would let
    /// a crowd of guessers, each within its own failure budget, delay the owner's login without end.
    /// </summary>
    public static readonly TimeSpan DefaultLoginWait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _concurrency;
    private readonly int _maxConcurrentHashes;
    private readonly TimeSpan _loginWait;

    public PassphraseHasher()
        : this(MaxConcurrentHashes, DefaultLoginWait)
    {
    }

    /// <summary>For tests: another concurrency and login wait.</summary>
    public PassphraseHasher(int maxConcurrentHashes, TimeSpan loginWait)
    {
        _concurrency = new SemaphoreSlim(maxConcurrentHashes, maxConcurrentHashes);
        _maxConcurrentHashes = maxConcurrentHashes;
        _loginWait = loginWait;
    }

    /// <summary>Hashes running now (for tests).</summary>
    public int Running => _maxConcurrentHashes - _concurrency.CurrentCount;

    /// <summary>Derives the passphrase PRK, waiting as long as it takes; the caller disposes the result.</summary>
    public async Task<SecretBuffer> DeriveAsync(string passphrase, byte[] salt, CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken);
        return DeriveAndRelease(passphrase, salt);
    }

    /// <summary>Derives the passphrase PRK for a login, waiting at most the login wait for a free hash.</summary>
    /// <returns>The PRK (the caller disposes it), or <see langword="null"/> when every hash stayed busy.</returns>
    public async Task<SecretBuffer?> TryDeriveForLoginAsync(string passphrase, byte[] salt, CancellationToken cancellationToken) =>
        await _concurrency.WaitAsync(_loginWait, cancellationToken) ? DeriveAndRelease(passphrase, salt) : null;

    private SecretBuffer DeriveAndRelease(string passphrase, byte[] salt)
    {
        try
        {
            return Derive(passphrase, salt);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    public static SecretBuffer Derive(string passphrase, byte[] salt)
    {
        // Isopoh takes the password as an exact-length array; it lives pinned and is wiped below.
        using var password = new SecretBuffer(Encoding.UTF8.GetByteCount(passphrase));
        Encoding.UTF8.GetBytes(passphrase, password.Span);
        var config = new Argon2Config
        {
            Type = Argon2Type.HybridAddressing,
            Version = Argon2Version.Nineteen,
            TimeCost = TimeCost,
            MemoryCost = MemoryCostKiB,
            Lanes = 1,
            Threads = 1,
            Password = password.DangerousArray,
            Salt = salt,
            HashLength = VaultCrypto.KeySize,
        };
        using var argon2 = new Argon2(config);
        using var hash = argon2.Hash();
        var prk = new SecretBuffer(VaultCrypto.KeySize);
        hash.Buffer.AsSpan(0, VaultCrypto.KeySize).CopyTo(prk.Span);
        return prk;
    }

    public void Dispose() => _concurrency.Dispose();
}
