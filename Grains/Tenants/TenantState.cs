namespace XaiRouter.Grains.Tenants;

/// <summary>What a tenant grain stores: metadata and the vault index, no secret. Plain JSON; keep names stable.</summary>
internal sealed class TenantState
{
    public string? Name { get; set; }

    public TenantStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? RootKeyId { get; set; }

    public string? PassphraseKeyId { get; set; }

    /// <summary>SHA-256 over the current claim token's secret (a spent token's hash stays, to recognise its reuse).</summary>
    public byte[]? ClaimTokenHash { get; set; }

    public DateTimeOffset? ClaimExpiresAt { get; set; }

    /// <summary>When the claim token was spent; null while unclaimed (and for tenants created with their root key).</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Pool name to current key version.</summary>
    public Dictionary<string, int> Pools { get; set; } = new(StringComparer.Ordinal);

    public List<string> ProviderKeyIds { get; set; } = [];

    /// <summary>Sub-account keys, in creation order.</summary>
    public List<string> KeyIds { get; set; } = [];

    /// <summary>Console sessions not yet expired, with when they expire (so the root can list and revoke them).</summary>
    public Dictionary<string, DateTimeOffset> SessionKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The tenant's own prices by model.</summary>
    public Dictionary<string, ModelPriceRecord> Prices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Alias (exact, or ending in '*') to model.</summary>
    public Dictionary<string, string> ModelAliases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Routing strategy and fallbacks; null until set.</summary>
    public RoutingSettings? Routing { get; set; }

    /// <summary>Whether budgeted keys may use models without a price (they cost nothing); off unless the tenant sets it.</summary>
    public bool AllowUnpricedModels { get; set; }

    /// <summary>Bumped on every provider key change (see <see cref="TenantVault.ProviderKeysEpoch"/>).</summary>
    public long ProviderKeysEpoch { get; set; }
}
