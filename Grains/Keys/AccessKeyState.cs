namespace XaiRouter.Grains.Keys;

/// <summary>What an access key grain stores: the credential record (verifier, salt, wrapped slots, policy).</summary>
internal sealed class AccessKeyState
{
    public AccessKeyRecord? Record { get; set; }
}
