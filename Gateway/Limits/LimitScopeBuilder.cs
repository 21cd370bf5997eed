using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Limits;

/// <summary>The scopes a request is admitted by: the calling key and every ancestor, and the chosen provider key.</summary>
internal static class LimitScopeBuilder
{
    /// <summary>
    /// Each key of the chain with limits or a budget, plus its <c>per_model</c> entries matching <paramref name="model"/>;
    /// each key's budget charged at that key's own billed cost (the multipliers from the root down to it).
    /// </summary>
    public static List<LimitScope> ForCaller(UnlockedKey caller, string model)
    {
        // factors[i]: the product of the multipliers from the root down to chain[i] (chain[0] is the caller).
        var chain = caller.Ancestors.Insert(0, caller.Record);
        Span<decimal> factors = stackalloc decimal[chain.Length];
        var factor = 1m;
        for (var i = chain.Length - 1; i >= 0; i--)
        {
            factor = PriceFactors.Times(factor, chain[i].EffectivePolicy.PriceMultiplier);
            factors[i] = factor;
        }

        var scopes = new List<LimitScope>();
        for (var i = 0; i < chain.Length; i++)
        {
            var policy = chain[i].EffectivePolicy;
            Add(scopes, caller.TenantId, LimitScopes.Key(chain[i].KeyId), policy.Limits, policy.Budget, model, factors[i]);
        }

        return scopes;
    }

    /// <summary>The provider key's own quotas (its own scope is built once per record version: <see cref="Forwarding.ProviderKeyShape"/>).</summary>
    public static IReadOnlyList<LimitScope> ForProviderKey(ProviderKeyRecord providerKey, string model)
    {
        var shape = Forwarding.ProviderKeyShape.Of(providerKey);
        if (providerKey.Limits?.PerModel is not { Count: > 0 } perModel)
        {
            return shape.OwnScope is { } own ? [own] : [];
        }

        var scopes = new List<LimitScope>();
        if (shape.OwnScope is { } ownScope)
        {
            scopes.Add(ownScope);
        }

        AddPerModel(scopes, providerKey.TenantId, shape.ScopeName, perModel, model);
        return scopes;
    }

    private static void Add(List<LimitScope> scopes, string tenantId, string scope, RateLimits? limits, BudgetPolicy? budget, string model, decimal costFactor = 1m)
    {
        if (limits is { LimitsAnything: true } || budget is not null)
        {
            scopes.Add(new LimitScope(GrainKeys.RateLimiter(tenantId, scope), limits?.Own, budget, costFactor));
        }

        AddPerModel(scopes, tenantId, scope, limits?.PerModel, model);
    }

    private static void AddPerModel(List<LimitScope> scopes, string tenantId, string scope, ImmutableDictionary<string, RateLimits>? perModel, string model)
    {
        foreach (var (pattern, modelLimits) in perModel ?? [])
        {
            if (ModelPattern.Matches(pattern, model) && modelLimits.LimitsAnything)
            {
                scopes.Add(new LimitScope(GrainKeys.RateLimiter(tenantId, LimitScopes.ForModel(scope, pattern)), modelLimits, null));
            }
        }
    }
}
