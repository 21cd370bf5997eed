using Orleans.Concurrency;
using XaiRouter.Grains.Abstractions.Vault;

namespace XaiRouter.Grains.Abstractions.Keys;

/// <summary>One access key's credential record, keyed by <see cref="GrainKeys.AccessKey(string)"/>. Never sees a secret.</summary>
[Alias("XaiRouter.IAccessKeyGrain")]
public interface IAccessKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores a new credential.</summary>
    /// <param name="record">The credential; its <see cref="AccessKeyRecord.KeyId"/> must match the grain key.</param>
    /// <returns><see langword="false"/> when a credential with this id exists already (nothing is changed).</returns>
    [Alias("CreateAsync")]
    Task<bool> CreateAsync(AccessKeyRecord record);

    /// <summary>Reads the credential.</summary>
    /// <returns>The record, or <see langword="null"/> when the key id is unknown.</returns>
    [Alias("GetAsync")]
    [ReadOnly]
    Task<AccessKeyRecord?> GetAsync();

    /// <summary>Reads the key's metadata and policy, without salt, verifier, slots or public key (operator tooling).</summary>
    /// <returns>The metadata, or <see langword="null"/> when the key id is unknown.</returns>
    [Alias("GetInfoAsync")]
    [ReadOnly]
    Task<AccessKeyInfo?> GetInfoAsync();

    /// <summary>Replaces the slots (after a pool was created or re-keyed) if the record is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns>The updated record, or <see langword="null"/> when the key is unknown, revoked or changed meanwhile.</returns>
    [Alias("ReplaceSlotsAsync")]
    Task<AccessKeyRecord?> ReplaceSlotsAsync(int expectedVersion, ImmutableArray<Keyslot> slots);

    /// <summary>
    /// Replaces the record (policy change, new secret) if it is still at <paramref name="expectedVersion"/> and active;
    /// the stored version becomes <paramref name="expectedVersion"/> + 1.
    /// </summary>
    /// <returns>The stored record, or <see langword="null"/> when the key is unknown, revoked or changed meanwhile.</returns>
    [Alias("UpdateAsync")]
    Task<AccessKeyRecord?> UpdateAsync(int expectedVersion, AccessKeyRecord record);

    /// <summary>Revokes the key: the verifier and slots are deleted and it is refused from now on.</summary>
    /// <returns>The revoked record, or <see langword="null"/> when the key id is unknown.</returns>
    [Alias("RevokeAsync")]
    Task<AccessKeyRecord?> RevokeAsync();

    /// <summary>
    /// Reads the persisted record again: another region's change was replicated into this region's database
    /// (multi-region). Idempotent and cheap: one row read.
    /// </summary>
    /// <returns>A task that completes when the record is read.</returns>
    [Alias("ReloadAsync")]
    Task ReloadAsync();

    /// <summary>
    /// The revocation feed reported that the key's home region wrote storage version <paramref name="version"/> of the
    /// record (<see cref="long.MaxValue"/>: deleted it): the key is refused (<see cref="GetAsync"/> answers unknown) until
    /// this region's replicated copy has reached that version. In memory only, never written.
    /// </summary>
    /// <param name="version">The storage version of the home region's row.</param>
    /// <returns>Whether the key is still fenced (its copy is older).</returns>
    [Alias("FenceAsync")]
    Task<bool> FenceAsync(long version);
}
