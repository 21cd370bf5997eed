namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>Where a tenant's claim stands, as seen with one presented claim token hash.</summary>
[GenerateSerializer]
[Alias("XaiRouter.ClaimStatus")]
public enum ClaimStatus
{
    /// <summary>No tenant, or the hash is not the tenant's current claim token (wrong or replaced token).</summary>
    Unknown = 0,

    /// <summary>The token is the tenant's current one, unclaimed and unexpired: it may be claimed.</summary>
    Pending = 1,

    /// <summary>The token is the tenant's current one but its lifetime is over.</summary>
    Expired = 2,

    /// <summary>The token was the one that claimed the tenant: it was used already.</summary>
    AlreadyClaimed = 3,

    /// <summary>This call claimed the tenant: the root key id is now stored.</summary>
    Claimed = 4,
}
