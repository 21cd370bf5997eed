using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>Checks a provider key request field by field; the first problem found names its field.</summary>
internal static class ProviderKeyValidation
{
    public const int MaxWeight = 1000;
    public const int MaxPriority = 1000;

    /// <summary>The provider kind and account headers a record would have: Anthropic keys take none.</summary>
    public static string? AccountHeaders(ProviderKeyRecord record) =>
        ProviderKeyBinding.HeaderTemplate(record).Length == 0 || Forwarding.ProviderAccountHeaders.Applies(record.Provider) ? null
            : $"'organization' and 'project' apply to '{ProviderNames.OpenAI}' and '{ProviderNames.OpenAICompatible}' provider keys only.";

    /// <param name="body">The request.</param>
    /// <param name="creating">On create every required field must be there; on PATCH only the fields present are checked.</param>
    public static string? Validate(ProviderKeyRequest body, bool creating)
    {
        if (creating || body.Name is not null)
        {
            if (DisplayName.Validate(body.Name) is { } name)
            {
                return name;
            }
        }

        if ((creating || body.Provider is not null) && !ProviderNames.TryParse(body.Provider, out _))
        {
            return $"'provider' must be '{ProviderNames.OpenAI}', '{ProviderNames.OpenAICompatible}' or '{ProviderNames.Anthropic}'.";
        }

        return (creating || body.BaseUrl is not null ? InputRules.BaseUrl(body.BaseUrl) : null)
            ?? (creating || body.ApiKey is not null ? InputRules.ApiKey(body.ApiKey) : null)
            ?? (creating || body.Models is not null ? InputRules.Models(body.Models) : null)
            ?? (body.Pool is not null ? InputRules.PoolName(body.Pool) : null)
            ?? InputRules.Range(body.Weight, 1, MaxWeight, "weight")
            ?? InputRules.Range(body.Priority, 0, MaxPriority, "priority")
            ?? (body.Limits is { } limits ? Limits.LimitsJson.ReadLimits(limits).Problem : null)
            ?? Forwarding.ProviderAccountHeaders.Validate(body.Organization, "organization")
            ?? Forwarding.ProviderAccountHeaders.Validate(body.Project, "project");
    }
}
