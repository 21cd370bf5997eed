namespace XaiRouter.Grains.Abstractions.Keys;

/// <summary>Whether an access key may be used.</summary>
[GenerateSerializer]
[Alias("XaiRouter.AccessKeyStatus")]
public enum AccessKeyStatus
{
    /// <summary>Usable.</summary>
    Active = 0,

    /// <summary>Revoked: its verifier and slots are gone and it is refused everywhere.</summary>
    Revoked = 1,
}
