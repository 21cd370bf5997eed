namespace XaiRouter.Gateway.Vault.Tests;

/// <summary>
/// A login never queues without bound behind busy Argon2id hashes: a crowd of guessers, each within its own failure
/// budget, must not be able to delay the owner's login for ever.
/// </summary>
public sealed class PassphraseHasherTests
{
    private const string Passphrase = "correct horse battery staple";

    [Fact]
    public async Task LoginWhileEveryHashIsBusy_IsTurnedAwayAfterTheWait_WhileTheRunningHashCompletes()
    {
        using var hasher = new PassphraseHasher(1, TimeSpan.Zero);
        var salt = new byte[PassphraseHasher.SaltSize];
        var running = Task.Run(() => hasher.DeriveAsync(Passphrase, salt, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        while (hasher.Running == 0)
        {
            Assert.False(running.IsCompleted, "the hash ended before the login was tried");
            await Task.Yield();
        }

        var login = await hasher.TryDeriveForLoginAsync(Passphrase, salt, TestContext.Current.CancellationToken);

        Assert.Null(login);
        using var derived = await running;
        Assert.Equal(VaultCrypto.KeySize, derived.Span.Length);
        Assert.Equal(0, hasher.Running);
    }

    [Fact]
    public async Task LoginWithAFreeHash_DerivesTheSamePrkAsTheUnboundedPath()
    {
        using var hasher = new PassphraseHasher(1, TimeSpan.Zero);
        var salt = new byte[PassphraseHasher.SaltSize];

        using var login = await hasher.TryDeriveForLoginAsync(Passphrase, salt, TestContext.Current.CancellationToken);
        using var plain = await hasher.DeriveAsync(Passphrase, salt, TestContext.Current.CancellationToken);

        Assert.NotNull(login);
        Assert.True(login.Span.SequenceEqual(plain.Span));
    }
}
