namespace XaiRouter.Gateway.Vault;

/// <summary>A provider key unlocked for sending, or why it was not. Disposing wipes the plaintext.</summary>
/// <param name="Plaintext">The UTF-8 provider key, or <see langword="null"/> when refused.</param>
/// <param name="Refusal">Why it was refused (<see cref="ProviderKeyRefusal.None"/> when it was not).</param>
internal readonly record struct ProviderKeyUnlock(SecretBuffer? Plaintext, ProviderKeyRefusal Refusal) : IDisposable
{
    public static ProviderKeyUnlock Refused(ProviderKeyRefusal refusal) => new(null, refusal);

    /// <summary>Whether the record itself is untrustworthy (as opposed to the caller lacking a slot).</summary>
    public bool IsSecurityEvent => Refusal is ProviderKeyRefusal.BindingFailed or ProviderKeyRefusal.UnboundDestination;

    public void Dispose() => Plaintext?.Dispose();
}
