namespace XaiRouter.Gateway.Pools;

/// <summary>The answer to a re-key: the new version, what was re-encrypted, and what other keys lost.</summary>
internal sealed record RekeyResponse(string Name, int Version, int ReencryptedProviderKeys, string Note);
