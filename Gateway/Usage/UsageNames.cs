using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.ProviderKeys;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// The names a usage report or request log shows beside key and provider key ids: the caller's subtree's keys and
/// the provider keys it may see. An id missing here (deleted, or not the caller's to see) has no name (null).
/// </summary>
internal sealed class UsageNames(IReadOnlyDictionary<string, string> keys, IReadOnlyDictionary<string, string> providerKeys)
{
    public static readonly UsageNames Empty = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    public string? KeyName(string keyId) => keys.GetValueOrDefault(keyId);

    public string? ProviderKeyName(string providerKeyId) => providerKeys.GetValueOrDefault(providerKeyId);

    /// <summary>Reads the names of what <paramref name="caller"/> may see; only the kinds asked for.</summary>
    public static async Task<UsageNames> ReadAsync(
        SubKeyAdministration keys, ProviderKeyAdministration providerKeys, UnlockedKey caller, bool keyNames, bool providerKeyNames)
    {
        var keyTask = keyNames ? keys.NamesAsync(caller) : Task.FromResult(new Dictionary<string, string>());
        var providerTask = providerKeyNames ? providerKeys.ListAsync(caller) : Task.FromResult<IReadOnlyList<Grains.Abstractions.ProviderKeys.ProviderKeyRecord>>([]);
        var providers = (await providerTask).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        return new UsageNames(await keyTask, providers);
    }
}
