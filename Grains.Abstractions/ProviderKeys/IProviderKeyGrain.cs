using Orleans.Concurrency;

namespace XaiRouter.Grains.Abstractions.ProviderKeys;

/// <summary>One provider key record, keyed by <see cref="GrainKeys.ProviderKey(string, string)"/>. Ciphertext only.</summary>
[Alias("XaiRouter.IProviderKeyGrain")]
public interface IProviderKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the record, replacing any earlier one (create and update alike).</summary>
    /// <param name="record">The record to store.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    [Alias("SaveAsync")]
    Task SaveAsync(ProviderKeyRecord record);

    /// <summary>Reads the record.</summary>
    /// <returns>The record, or <see langword="null"/> when there is none.</returns>
    [Alias("GetAsync")]
    [ReadOnly]
    Task<ProviderKeyRecord?> GetAsync();

    /// <summary>Reads the record's metadata, without ciphertext or fingerprint (operator tooling).</summary>
    /// <returns>The metadata, or <see langword="null"/> when there is no record.</returns>
    [Alias("GetInfoAsync")]
    [ReadOnly]
    Task<ProviderKeyInfo?> GetInfoAsync();

    /// <summary>Deletes the record.</summary>
    /// <returns><see langword="true"/> when a record was deleted.</returns>
    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync();

    /// <summary>
    /// Reads the persisted record again: another region's change was replicated into this region's database
    /// (multi-region). Idempotent and cheap: one row read.
    /// </summary>
    /// <returns>A task that completes when the record is read.</returns>
    [Alias("ReloadAsync")]
    Task ReloadAsync();
}
