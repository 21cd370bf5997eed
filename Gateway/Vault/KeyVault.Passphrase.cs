namespace XaiRouter.Gateway.Vault;

/// <summary>Passphrase credentials need the pepper: without it a database copy could be guessed offline.</summary>
internal sealed partial class KeyVault
{
    /// <summary>Whether <c>Vault:Pepper</c> is configured; passphrase slots exist only then.</summary>
    public bool HasPepper => _pepper.Length > 0;

    /// <summary>
    /// The passphrase PRK: HKDF-Extract(SHA-256, salt = pepper, IKM = Argon2id output). Keyed by the pepper, so
    /// guessing a passphrase from a database copy alone is impossible; the caller disposes both buffers.
    /// </summary>
    /// <exception cref="InvalidOperationException">No pepper is configured (callers refuse passphrases before).</exception>
    public SecretBuffer DerivePassphrasePrk(SecretBuffer argon2Output)
    {
        if (!HasPepper)
        {
            throw new InvalidOperationException("Passphrase credentials require Vault:Pepper.");
        }

        var prk = new SecretBuffer(VaultCrypto.KeySize);
        VaultCrypto.DerivePassphrasePrk(argon2Output.Span, _pepper.Span, prk.Span);
        return prk;
    }
}
