namespace XaiRouter.Grains.Abstractions.Vault;

/// <summary>An AES-256-GCM ciphertext: what the platform stores instead of a secret.</summary>
/// <param name="Nonce">The 12 random bytes used once with the key.</param>
/// <param name="Ciphertext">The encrypted bytes followed by the 16-byte authentication tag.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.SealedSecret")]
public sealed record SealedSecret(
    [property: Id(0)] byte[] Nonce,
    [property: Id(1)] byte[] Ciphertext);
