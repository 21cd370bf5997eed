using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Keys;

/// <summary>
/// Turns a key request into a policy no wider than the caller's: pools a subset, models covered by the caller's
/// patterns, endpoints a subset, IP ranges inside the caller's, expiry not later, manage only if the caller has it.
/// The first wider or malformed field is refused by name.
/// </summary>
internal static class KeyPolicyBuilder
{
    public const int MaxEntries = 256;
    public const decimal MaxPriceMultiplier = 1000m;

    /// <param name="caller">The requesting key (its own policy and its ancestors' bound the result).</param>
    /// <param name="body">The request.</param>
    /// <param name="basis">What absent fields take: the caller's record (create) or the target's (PATCH).</param>
    /// <param name="tenantPools">The tenant's pools.</param>
    /// <param name="now">The current time, for expiry.</param>
    public static (AccessKeyRecord? Draft, string? Problem) Build(UnlockedKey caller, KeyRequest body, AccessKeyRecord basis, IReadOnlyDictionary<string, int> tenantPools, DateTimeOffset now)
    {
        var policy = basis.EffectivePolicy;
        if (body.Name is not null && DisplayName.Validate(body.Name) is { } badName)
        {
            return (null, badName);
        }

        var pools = policy.Pools;
        if (body.Pools is { } requestedPools)
        {
            if (requestedPools.Count > MaxEntries || requestedPools.Any(p => InputRules.PoolName(p) is not null || !tenantPools.ContainsKey(p!)))
            {
                return (null, "'pools' must name pools of this tenant.");
            }

            if (requestedPools.FirstOrDefault(p => !KeyPolicyChecks.AllowsPool(caller, p!) || caller.Record.FindSlot(p!, tenantPools[p!]) is null) is { } wider)
            {
                return (null, $"'pools': this key cannot grant pool '{wider}'.");
            }

            pools = [.. requestedPools.Distinct().Select(p => p!)];
        }

        var models = policy.Models;
        if (body.Models is { } requestedModels)
        {
            if (requestedModels.Count is 0 or > MaxEntries || requestedModels.Any(m => !InputRules.IsModelPattern(m)))
            {
                return (null, "'models' must list model names or prefixes ending in '*'.");
            }

            if (requestedModels.FirstOrDefault(m => caller.Policies.Any(p => p.Models is { } own && !ModelPattern.AnyCovers(own, m!))) is { } wider)
            {
                return (null, $"'models': '{wider}' is wider than this key may grant.");
            }

            models = [.. requestedModels.Distinct().Select(m => m!)];
        }

        var endpoints = policy.Endpoints;
        if (body.Endpoints is { } requestedEndpoints)
        {
            if (requestedEndpoints.Count == 0 || requestedEndpoints.Any(e => !KeyPolicyChecks.EndpointNames.Contains(e)))
            {
                return (null, $"'endpoints' must list some of: {string.Join(", ", KeyPolicyChecks.EndpointNames)}.");
            }

            if (requestedEndpoints.FirstOrDefault(e => caller.Policies.Any(p => p.Endpoints is { } own && !own.Contains(e!))) is { } wider)
            {
                return (null, $"'endpoints': '{wider}' is wider than this key may grant.");
            }

            endpoints = [.. requestedEndpoints.Distinct().Select(e => e!)];
        }

        var ips = policy.Ips;
        if (body.Ips is { } requestedIps)
        {
            var ranges = new List<IpRange>();
            foreach (var text in requestedIps)
            {
                if (!IpRange.TryParse(text, out var range))
                {
                    return (null, $"'ips': '{text}' is not an IP address or CIDR range.");
                }

                ranges.Add(range.Value);
            }

            if (ranges.Count is 0 or > MaxEntries)
            {
                return (null, "'ips' must list 1 to 256 ranges.");
            }

            if (ranges.FirstOrDefault(r => caller.Policies.Any(p => p.Ips is { } own && !own.Any(o => IpRange.TryParse(o, out var mine) && mine!.Value.Contains(r)))) is { Network: not null } wider)
            {
                return (null, $"'ips': '{wider}' is wider than this key may grant.");
            }

            ips = [.. ranges.Select(r => r.ToString()).Distinct()];
        }

        var expiresAt = body.ExpiresAt ?? basis.ExpiresAt;
        var latest = caller.Ancestors.Select(a => a.ExpiresAt).Append(caller.Record.ExpiresAt).Where(e => e is not null).Min();
        if (body.ExpiresAt is { } requestedExpiry && (requestedExpiry <= now || (latest is not null && requestedExpiry > latest)))
        {
            return (null, "'expires_at' must be in the future and not later than this key's own expiry.");
        }

        if (body.Manage == true && !caller.Record.Manage)
        {
            return (null, "'manage' is wider than this key may grant.");
        }

        // A new key does not copy the caller's limits and budget: the caller's own still bind it as an ancestor's.
        var creating = ReferenceEquals(basis, caller.Record);
        var limits = creating ? null : policy.Limits;
        if (body.Limits is { } requestedLimits)
        {
            (limits, var problem) = LimitsJson.ReadLimits(requestedLimits);
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        var budget = creating ? null : policy.Budget;
        if (body.Budget is { } requestedBudget)
        {
            (budget, var problem) = LimitsJson.ReadBudget(requestedBudget);
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        var multiplier = body.PriceMultiplier ?? (creating ? null : policy.PriceMultiplier);
        if (multiplier is < 0 or > MaxPriceMultiplier)
        {
            return (null, $"'price_multiplier' must be between 0 and {MaxPriceMultiplier}.");
        }

        var draft = basis with
        {
            Name = body.Name ?? basis.Name,
            ExpiresAt = expiresAt,
            Manage = body.Manage ?? basis.Manage,
            // tenant_admin is never inherited: a new key has it only when the root asks (checked by the caller).
            Policy = new KeyPolicy(pools, models, endpoints, ips, limits, budget, multiplier, body.TenantAdmin ?? (!creating && policy.TenantAdmin)),
        };
        return (draft, null);
    }

}
