using System.Net;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Policies;

/// <summary>
/// The authorize stage: a request must satisfy the policy of its key and of every ancestor. Each check returns the
/// refusal (naming the rule, not the policy's contents) or <see langword="null"/>.
/// </summary>
internal static class KeyPolicyChecks
{
    public static readonly string[] EndpointNames = ["chat", "completions", "embeddings", "responses", "messages", "models"];

    public static string? Endpoint(UnlockedKey key, string endpoint)
    {
        foreach (var policy in key.PolicyChain)
        {
            if (policy.Endpoints is { } allowed && !allowed.Contains(endpoint, StringComparer.Ordinal))
            {
                return $"This key may not use the '{endpoint}' endpoint.";
            }
        }

        return null;
    }

    public static string? Model(UnlockedKey key, string model) =>
        AllowsModel(key, model) ? null : $"This key may not use the model '{model}'.";

    public static bool AllowsModel(UnlockedKey key, string model)
    {
        foreach (var policy in key.PolicyChain)
        {
            if (policy.Models is { } patterns && !AnyMatches(patterns, model))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyMatches(ImmutableArray<string> patterns, string model)
    {
        foreach (var pattern in patterns)
        {
            if (ModelPattern.Matches(pattern, model))
            {
                return true;
            }
        }

        return false;
    }

    public static string? Address(UnlockedKey key, IPAddress? address)
    {
        foreach (var policy in key.PolicyChain)
        {
            if (policy.Ips is { } ranges && (address is null || !ranges.Any(r => IpRange.TryParse(r, out var range) && range!.Value.Contains(address))))
            {
                return "This key may not be used from this address.";
            }
        }

        return null;
    }

    public static bool AllowsPool(UnlockedKey key, string pool)
    {
        foreach (var policy in key.PolicyChain)
        {
            if (policy.Pools is { } pools && !pools.Contains(pool, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
