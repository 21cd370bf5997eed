namespace XaiRouter.Grains.Abstractions.ProviderKeys;

/// <summary>How a provider key's ciphertext is bound (byte layouts in <c>Gateway/Vault/FORMAT.md</c>).</summary>
[GenerateSerializer]
[Alias("XaiRouter.ProviderKeyFormat")]
public enum ProviderKeyFormat
{
    /// <summary>
    /// Sealed before destination binding: the AAD covers tenant, id, pool and version only. Records stored then have
    /// no format member, so they read as this value. Served only to the provider kind's official base URL.
    /// </summary>
    LegacyV1 = 0,

    /// <summary>The AAD also covers provider kind, auth scheme, base URL and header template.</summary>
    BoundV2 = 2,
}
