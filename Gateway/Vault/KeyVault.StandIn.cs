using System.Security.Cryptography;

namespace XaiRouter.Gateway.Vault;

/// <summary>The record an access key is checked against when its own cannot be used, so every refusal does the same work.</summary>
internal sealed partial class KeyVault
{
    /// <summary>
    /// A credential record made up once per process, with a random salt and a random verifier that no secret derives
    /// to: a key whose id is unknown (or whose record is revoked, expired or a passphrase credential) is verified
    /// against it by the same <see cref="Verify"/> as a known key with a wrong secret, so both refusals run the same
    /// HKDF derivation and constant-time comparison (no timing oracle for which key ids exist).
    /// </summary>
    public AccessKeyRecord StandInRecord { get; } = new(
        "stand-in", "stand-in", null, AccessKeyKind.Sub, "stand-in",
        RandomNumberGenerator.GetBytes(VaultCrypto.SaltSize), RandomNumberGenerator.GetBytes(VaultCrypto.KeySize),
        [], Manage: false, AccessKeyStatus.Active, 1, DateTimeOffset.UnixEpoch, ExpiresAt: null);
}
