namespace XaiRouter.Gateway.Vault;

/// <summary>Why a provider key was not unlocked for sending.</summary>
internal enum ProviderKeyRefusal
{
    /// <summary>It was unlocked.</summary>
    None,

    /// <summary>The caller holds no slot for its pool at its version: nothing was decrypted.</summary>
    NoSlot,

    /// <summary>The slot opened but the ciphertext failed authentication: the record was altered (a security event).</summary>
    BindingFailed,

    /// <summary>A legacy (v1) record whose destination is not its provider kind's official URL (a security event).</summary>
    UnboundDestination,
}
