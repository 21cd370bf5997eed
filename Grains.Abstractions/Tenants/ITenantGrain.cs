using Orleans.Concurrency;

namespace XaiRouter.Grains.Abstractions.Tenants;

/// <summary>
/// One tenant: metadata, status and its vault index (root key id, pools and their versions, provider key ids).
/// Keyed by <see cref="GrainKeys.Tenant(string)"/>. Holds no secret and no ciphertext.
/// </summary>
[Alias("XaiRouter.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>The pool every tenant has.</summary>
    const string DefaultPool = "default";

    /// <summary>Creates the tenant with pool <see cref="DefaultPool"/> at version 1. Creating it again returns it unchanged.</summary>
    /// <param name="name">The display name (validated by the caller).</param>
    /// <param name="createdAt">The creation time (UTC).</param>
    /// <param name="rootKeyId">The root access key's id (its credential is stored first).</param>
    /// <returns>The tenant as stored.</returns>
    [Alias("CreateAsync")]
    Task<TenantInfo> CreateAsync(string name, DateTimeOffset createdAt, string rootKeyId);

    /// <summary>Reads the tenant.</summary>
    /// <returns>The tenant, or <see langword="null"/> when it was never created.</returns>
    [Alias("GetAsync")]
    [ReadOnly]
    Task<TenantInfo?> GetAsync();

    /// <summary>Reads the vault index.</summary>
    /// <returns>The index, or <see langword="null"/> when the tenant was never created.</returns>
    [Alias("GetVaultAsync")]
    [ReadOnly]
    Task<TenantVault?> GetVaultAsync();

    /// <summary>
    /// Takes the tenant's vault-write lease (pool create and re-key, rotations, grants, provider-key writes are
    /// serialized by it), waiting up to <paramref name="wait"/> for its holder to release it or its lease to run out.
    /// </summary>
    /// <param name="ownerId">A random id of the write (not a secret).</param>
    /// <param name="lease">How long the lease holds if never released.</param>
    /// <param name="wait">How long to wait for it.</param>
    /// <returns>Whether the lease is now <paramref name="ownerId"/>'s.</returns>
    [Alias("AcquireVaultWriteAsync")]
    [AlwaysInterleave]
    Task<bool> AcquireVaultWriteAsync(string ownerId, TimeSpan lease, TimeSpan wait);

    /// <summary>Releases the vault-write lease if <paramref name="ownerId"/> holds it.</summary>
    /// <returns>A task that completes when it is released.</returns>
    [Alias("ReleaseVaultWriteAsync")]
    [AlwaysInterleave]
    Task ReleaseVaultWriteAsync(string ownerId);

    /// <summary>Sets the tenant's status.</summary>
    /// <param name="status">The new status.</param>
    /// <returns>The updated tenant, or <see langword="null"/> when it was never created.</returns>
    [Alias("SetStatusAsync")]
    Task<TenantInfo?> SetStatusAsync(TenantStatus status);

    /// <summary>Adds a pool at version 1.</summary>
    /// <returns><see langword="false"/> when the pool exists or the tenant does not.</returns>
    [Alias("AddPoolAsync")]
    Task<bool> AddPoolAsync(string pool);

    /// <summary>Moves a pool to the next key version, if it is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns>The new version, or <see langword="null"/> when the pool is missing or was re-keyed meanwhile.</returns>
    [Alias("AdvancePoolVersionAsync")]
    Task<int?> AdvancePoolVersionAsync(string pool, int expectedVersion);

    /// <summary>Adds a provider key id to the index.</summary>
    /// <returns>A task that completes when the id is stored.</returns>
    [Alias("AddProviderKeyAsync")]
    Task AddProviderKeyAsync(string providerKeyId);

    /// <summary>Removes a provider key id from the index.</summary>
    /// <returns><see langword="true"/> when it was there.</returns>
    [Alias("RemoveProviderKeyAsync")]
    Task<bool> RemoveProviderKeyAsync(string providerKeyId);

    /// <summary>Adds a sub-account key id to the index.</summary>
    /// <returns>A task that completes when the id is stored.</returns>
    [Alias("AddKeyAsync")]
    Task AddKeyAsync(string keyId);

    /// <summary>Adds a console session to the index (dropping expired ones), so the root can list and revoke it.</summary>
    /// <param name="keyId">The session key's id.</param>
    /// <param name="expiresAt">When the session expires.</param>
    /// <returns>A task that completes when the id is stored.</returns>
    [Alias("AddSessionKeyAsync")]
    Task AddSessionKeyAsync(string keyId, DateTimeOffset expiresAt);

    /// <summary>Sets the tenant's own prices: a model with a price is set, a model with none goes back to the built-in price.</summary>
    /// <returns><see langword="false"/> when the tenant does not exist.</returns>
    [Alias("SetPricesAsync")]
    Task<bool> SetPricesAsync(ImmutableDictionary<string, Usage.ModelPriceRecord?> prices);

    /// <summary>Replaces the tenant's model aliases.</summary>
    /// <param name="aliases">Alias (exact, or ending in <c>*</c>) to model.</param>
    /// <returns><see langword="false"/> when the tenant does not exist.</returns>
    [Alias("SetModelAliasesAsync")]
    Task<bool> SetModelAliasesAsync(ImmutableDictionary<string, string> aliases);

    /// <summary>Lets keys with a budget use models without a price (at no cost), or stops it.</summary>
    /// <returns><see langword="false"/> when the tenant does not exist.</returns>
    [Alias("SetAllowUnpricedModelsAsync")]
    Task<bool> SetAllowUnpricedModelsAsync(bool allow);

    /// <summary>Replaces the tenant's routing settings.</summary>
    /// <returns><see langword="false"/> when the tenant does not exist.</returns>
    [Alias("SetRoutingAsync")]
    Task<bool> SetRoutingAsync(RoutingSettings routing);

    /// <summary>Moves <see cref="TenantVault.ProviderKeysEpoch"/>: a provider key record changed.</summary>
    /// <returns>A task that completes when the change is stored.</returns>
    [Alias("TouchProviderKeysAsync")]
    Task TouchProviderKeysAsync();

    /// <summary>
    /// Creates the tenant unclaimed: pool <see cref="DefaultPool"/> at version 1, no root key yet, and the hash of a
    /// single-use claim token. Creating it again returns it unchanged.
    /// </summary>
    /// <param name="name">The display name (validated by the caller).</param>
    /// <param name="createdAt">The creation time (UTC).</param>
    /// <param name="claimTokenHash">SHA-256 over the claim token's secret (never the token itself).</param>
    /// <param name="claimExpiresAt">When the claim token stops working (UTC).</param>
    /// <returns>The tenant as stored.</returns>
    [Alias("CreateUnclaimedAsync")]
    Task<TenantInfo> CreateUnclaimedAsync(string name, DateTimeOffset createdAt, byte[] claimTokenHash, DateTimeOffset claimExpiresAt);

    /// <summary>Replaces the claim token of a tenant that is still unclaimed (the previous token stops working).</summary>
    /// <param name="claimTokenHash">SHA-256 over the new claim token's secret.</param>
    /// <param name="claimExpiresAt">When the new token stops working (UTC).</param>
    /// <returns><see cref="ClaimStatus.Pending"/> when replaced, <see cref="ClaimStatus.AlreadyClaimed"/> once claimed, <see cref="ClaimStatus.Unknown"/> without a tenant.</returns>
    [Alias("ReplaceClaimTokenAsync")]
    Task<ClaimStatus> ReplaceClaimTokenAsync(byte[] claimTokenHash, DateTimeOffset claimExpiresAt);

    /// <summary>Checks a presented claim token hash (constant-time comparison) without consuming it.</summary>
    /// <returns>The claim's status for that hash.</returns>
    [Alias("CheckClaimAsync")]
    [ReadOnly]
    Task<ClaimStatus> CheckClaimAsync(byte[] claimTokenHash);

    /// <summary>
    /// Claims the tenant in one step: the hash must be the current token's, unexpired and unclaimed; then
    /// <paramref name="rootKeyId"/> (whose credential is stored first) becomes the root key and the token is spent.
    /// </summary>
    /// <returns><see cref="ClaimStatus.Claimed"/> when this call claimed the tenant, otherwise why not.</returns>
    [Alias("ClaimAsync")]
    Task<ClaimStatus> ClaimAsync(byte[] claimTokenHash, string rootKeyId);

    /// <summary>Records the tenant's passphrase credential.</summary>
    /// <returns>The previous passphrase credential's id, if any (the caller revokes it).</returns>
    [Alias("SetPassphraseKeyAsync")]
    Task<string?> SetPassphraseKeyAsync(string keyId);

    /// <summary>
    /// Reads the persisted tenant again: another region's change was replicated into this region's database
    /// (multi-region). Idempotent and cheap: one row read.
    /// </summary>
    /// <returns>A task that completes when the tenant is read.</returns>
    [Alias("ReloadAsync")]
    Task ReloadAsync();

    /// <summary>
    /// The revocation feed reported that the tenant's home region changed its status in storage version
    /// <paramref name="version"/> of the row (<see cref="long.MaxValue"/>: deleted it): until this region's replicated copy
    /// has reached that version, <see cref="GetVaultAsync"/> answers the tenant as disabled. In memory only, never written.
    /// </summary>
    /// <param name="version">The storage version of the home region's row.</param>
    /// <returns>Whether the tenant is still fenced (its copy is older).</returns>
    [Alias("FenceAsync")]
    Task<bool> FenceAsync(long version);


    /// <summary>The tenant's home region: the region whose database writes its control-plane rows.</summary>
    /// <returns>The region's name; empty when single-region or not yet known (both mean this region).</returns>
    [Alias("GetHomeRegionAsync")]
    [ReadOnly]
    Task<string> GetHomeRegionAsync();

    /// <summary>Makes this region the tenant's home (the runbook's home move), re-stamping its control-plane rows.</summary>
    /// <returns>The number of rows re-stamped.</returns>
    [Alias("MoveHomeHereAsync")]
    Task<int> MoveHomeHereAsync();
}
