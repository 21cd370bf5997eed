using XaiRouter.Gateway.Forwarding.Kinds;

namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>
/// The stored values of <c>api_version</c> and <c>deployments</c> from a request, the record's current ones and the
/// key's kind. For Azure OpenAI the version is always stored (the default when none is named), so what the vault binds
/// never depends on a default that may change. For other kinds a value named in the request is kept, so that
/// <see cref="ProviderKeyValidation.Kind"/> refuses it by name; an absent or empty one is nothing.
/// </summary>
internal static class KindRoutes
{
    /// <param name="provider">The kind the record will have.</param>
    /// <param name="requested">The request's value: null keeps <paramref name="current"/>, <c>""</c> means the default.</param>
    /// <param name="current">The record's value, when it keeps its route (null on create).</param>
    public static string? ApiVersion(ProviderKind provider, string? requested, string? current) =>
        provider == ProviderKind.AzureOpenAI
            ? requested is null ? current ?? AzureOpenAIKindRules.DefaultApiVersion : requested.Length == 0 ? AzureOpenAIKindRules.DefaultApiVersion : requested
            : string.IsNullOrEmpty(requested) ? null : requested;

    /// <param name="provider">The kind the record will have.</param>
    /// <param name="requested">The request's map: null keeps <paramref name="current"/>, <c>{}</c> clears it.</param>
    /// <param name="current">The record's map, when it keeps its route (null on create).</param>
    public static ImmutableDictionary<string, string>? Deployments(ProviderKind provider, Dictionary<string, string?>? requested, ImmutableDictionary<string, string>? current)
    {
        if (requested is null)
        {
            return provider == ProviderKind.AzureOpenAI ? current : null;
        }

        // Null values were refused by the request's validation.
        return requested.Count == 0 ? null : requested.ToImmutableDictionary(static e => e.Key, static e => e.Value!, StringComparer.Ordinal);
    }

    public static bool SameDeployments(ImmutableDictionary<string, string>? a, ImmutableDictionary<string, string>? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.Count == b.Count
            && a.All(e => b.TryGetValue(e.Key, out var other) && string.Equals(e.Value, other, StringComparison.Ordinal)));
}
