namespace XaiRouter.Gateway.Limits;

/// <summary>
/// Names of limit scopes inside a tenant (each is one <see cref="IRateLimiterGrain"/>): a key, a key for a model
/// pattern of its <c>per_model</c>, a provider key, a provider key for a model pattern.
/// </summary>
internal static class LimitScopes
{
    public static string Key(string keyId) => "k:" + keyId;

    public static string ProviderKey(string providerKeyId) => "pk:" + providerKeyId;

    public static string ForModel(string scope, string modelPattern) => scope + ":m:" + modelPattern;
}
