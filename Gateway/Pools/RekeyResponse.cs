namespace XaiRouter.Gateway.Pools;

/// <summary>The answer to a re-key: the new version, what was re-encrypted, who holds the new version and who was cut off.</summary>
/// <param name="Name">The pool.</param>
/// <param name="Version">Its new key version.</param>
/// <param name="ReencryptedProviderKeys">Provider keys re-encrypted under the new version.</param>
/// <param name="Note">What the re-key did to other keys.</param>
/// <param name="GrantedKeys">Keys holding a slot for the new version (the root always, unless the root cut itself off).</param>
/// <param name="ExcludedKeys">Keys cut off on the caller's request (<c>exclude_keys</c>).</param>
internal sealed record RekeyResponse(string Name, int Version, int ReencryptedProviderKeys, string Note,
    ImmutableArray<string> GrantedKeys, ImmutableArray<string> ExcludedKeys);
