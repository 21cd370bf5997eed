using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Limits;

/// <summary>The scopes a request is admitted by: the calling key and every ancestor, and the chosen provider key.</summary>
internal static class LimitScopeBuilder
{
    /// <summary>Each key of the chain with limits or a budget, plus its <c>per_model</c> entries matching <paramref name="model"/>.</summary>
    public static List<LimitScope> ForCaller(UnlockedKey caller, string model)
    {
        var scopes = new List<LimitScope>();
        foreach (var key in caller.Ancestors.Prepend(caller.Record))
        {
            var policy = key.EffectivePolicy;
            Add(scopes, caller.TenantId, LimitScopes.Key(key.KeyId), policy.Limits, policy.Budget, model);
        }

        return scopes;
    }

    /// <summary>The provider key's own quotas.</summary>
    public static List<LimitScope> ForProviderKey(ProviderKeyRecord providerKey, string model)
    {
        var scopes = new List<LimitScope>();
        Add(scopes, providerKey.TenantId, LimitScopes.ProviderKey(providerKey.Id), providerKey.Limits, null, model);
        return scopes;
    }

    private static void Add(List<LimitScope> scopes, string tenantId, string scope, RateLimits? limits, BudgetPolicy? budget, string model)
    {
        if (limits is { LimitsAnything: true } || budget is not null)
        {
            scopes.Add(new LimitScope(GrainKeys.RateLimiter(tenantId, scope), limits?.Own, budget));
        }

        foreach (var (pattern, modelLimits) in limits?.PerModel ?? [])
        {
            if (ModelPattern.Matches(pattern, model) && modelLimits.LimitsAnything)
            {
                scopes.Add(new LimitScope(GrainKeys.RateLimiter(tenantId, LimitScopes.ForModel(scope, pattern)), modelLimits, null));
            }
        }
    }
}
