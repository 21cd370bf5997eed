namespace XaiRouter.Grains.Abstractions.Keys;

/// <summary>What an access key credential is for.</summary>
[GenerateSerializer]
[Alias("XaiRouter.AccessKeyKind")]
public enum AccessKeyKind
{
    /// <summary>The tenant's root key, created with the tenant.</summary>
    Root = 0,

    /// <summary>A sub-account key, narrower than its parent.</summary>
    Sub = 1,

    /// <summary>A short-lived console session opened with the tenant's passphrase.</summary>
    Session = 2,

    /// <summary>The tenant's passphrase credential: its secret is the Argon2id output, never an access key.</summary>
    Passphrase = 3,
}
