namespace XaiRouter.Grains.ProviderKeys;

/// <summary>What a provider key grain stores: metadata and the key's ciphertext.</summary>
internal sealed class ProviderKeyState
{
    public ProviderKeyRecord? Record { get; set; }
}
