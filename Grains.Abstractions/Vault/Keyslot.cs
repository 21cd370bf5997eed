namespace XaiRouter.Grains.Abstractions.Vault;

/// <summary>
/// A pool key wrapped under one access key's key-encryption key; the AAD binds it to tenant, key id, pool and version.
/// </summary>
/// <param name="Pool">The pool name.</param>
/// <param name="Version">The pool key version this slot opens.</param>
/// <param name="Sealed">The wrapped 32-byte pool key.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.Keyslot")]
public sealed record Keyslot(
    [property: Id(0)] string Pool,
    [property: Id(1)] int Version,
    [property: Id(2)] SealedSecret Sealed);
