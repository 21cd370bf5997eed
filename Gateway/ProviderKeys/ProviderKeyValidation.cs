using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Forwarding.Kinds;

namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>Checks a provider key request field by field; the first problem found names its field.</summary>
internal static class ProviderKeyValidation
{
    public const int MaxWeight = 1000;
    public const int MaxPriority = 1000;

    /// <summary>The provider kind and account headers a record would have: only the OpenAI kinds take them.</summary>
    public static string? AccountHeaders(ProviderKeyRecord record) =>
        ProviderAccountHeaders.Template(record).Length == 0 || ProviderAccountHeaders.Applies(record.Provider) ? null
            : $"'organization' and 'project' apply to '{ProviderNames.OpenAI}' and '{ProviderNames.OpenAICompatible}' provider keys only.";

    /// <summary>
    /// What a record's kind asks of the rest of it: its base URL (<see cref="ProviderKindRules.BaseUrlProblem"/>), and
    /// <c>api_version</c>/<c>deployments</c>, which only Azure OpenAI keys take: a version of the dated form, every
    /// mapped model among the key's <c>models</c>, and every deployment (mapped, or a model's own name) a valid one.
    /// Checked on the record a create or PATCH would store, so a PATCH of one field is checked against the others.
    /// </summary>
    public static string? Kind(ProviderKeyRecord record)
    {
        var rules = ProviderKindRules.For(record.Provider);
        if (Uri.TryCreate(record.BaseUrl, UriKind.Absolute, out var baseUrl) && rules.BaseUrlProblem(baseUrl) is { } urlProblem)
        {
            return urlProblem;
        }

        if (record.Provider != ProviderKind.AzureOpenAI)
        {
            return record.ApiVersion is not null ? $"'api_version' applies to '{ProviderNames.AzureOpenAI}' provider keys only."
                : record.Deployments is not null ? $"'deployments' applies to '{ProviderNames.AzureOpenAI}' provider keys only."
                : null;
        }

        if (!AzureOpenAIKindRules.IsApiVersion(record.ApiVersion))
        {
            return "'api_version' must be a dated Azure OpenAI API version such as '2024-10-21' or '2025-04-01-preview'.";
        }

        var map = record.Deployments;
        if (map is not null)
        {
            foreach (var (model, deployment) in map)
            {
                if (!record.Models.Contains(model))
                {
                    return $"'deployments' maps '{model}', which is not among the key's 'models'.";
                }

                if (!AzureOpenAIKindRules.IsDeploymentName(deployment))
                {
                    return $"'deployments' maps '{model}' to an invalid deployment name: 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit.";
                }
            }
        }

        foreach (var model in record.Models)
        {
            if (map?.ContainsKey(model) != true && !AzureOpenAIKindRules.IsDeploymentName(model))
            {
                return $"'models': '{model}' is no valid Azure deployment name; map it to its deployment in 'deployments'.";
            }
        }

        return null;
    }

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
            return $"'provider' must be {ProviderNames.Listed}.";
        }

        return (creating || body.BaseUrl is not null ? InputRules.BaseUrl(body.BaseUrl) : null)
            ?? (creating || body.ApiKey is not null ? InputRules.ApiKey(body.ApiKey) : null)
            ?? (creating || body.Models is not null ? InputRules.Models(body.Models) : null)
            ?? (body.Pool is not null ? InputRules.PoolName(body.Pool) : null)
            ?? InputRules.Range(body.Weight, 1, MaxWeight, "weight")
            ?? InputRules.Range(body.Priority, 0, MaxPriority, "priority")
            ?? (body.Limits is { } limits ? Limits.LimitsJson.ReadLimits(limits).Problem : null)
            ?? ProviderAccountHeaders.Validate(body.Organization, "organization")
            ?? ProviderAccountHeaders.Validate(body.Project, "project")
            ?? Deployments(body.Deployments);
    }

    /// <summary>The map's shape alone (names, nulls); what it maps is checked against the whole record by <see cref="Kind"/>.</summary>
    private static string? Deployments(Dictionary<string, string?>? deployments)
    {
        if (deployments is null)
        {
            return null;
        }

        if (deployments.Count > InputRules.MaxModels)
        {
            return $"'deployments' maps more than {InputRules.MaxModels} models.";
        }

        foreach (var (model, deployment) in deployments)
        {
            if (!InputRules.IsModelName(model))
            {
                return $"'deployments' has an invalid model name: 1-{InputRules.MaxModelLength} printable characters without spaces.";
            }

            if (deployment is null)
            {
                return $"'deployments' maps '{model}' to null; send '{{}}' to clear the whole map.";
            }
        }

        return null;
    }
}
