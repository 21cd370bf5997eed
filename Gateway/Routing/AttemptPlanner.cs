using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// The route stage: for the model and then each of its fallbacks (those the key may use), the provider keys the
/// caller can open (a slot for the key's pool at its version, a pool its policies allow) that serve it, whose
/// host answers liveness probes and whose circuit is closed (or ready for a probe), in the order of the tenant's
/// strategy for that model.
/// </summary>
internal sealed class AttemptPlanner(ProviderKeyCache cache, HealthBoard board, LivenessProber liveness, CandidateOrder order)
{
    public const int MaxFallbacks = 8;

    /// <summary>The provider keys the caller can open: a slot for the key's pool at its version, a pool its policies allow.</summary>
    public async Task<List<ProviderKeyRecord>> UsableAsync(UnlockedKey caller, TenantVault vault) =>
        [.. (await cache.GetAsync(vault)).Where(r => caller.Record.FindSlot(r.Pool, r.PoolVersion) is not null && KeyPolicyChecks.AllowsPool(caller, r.Pool))];

    /// <returns>The plan, and whether any key serves the model at all (healthy or not).</returns>
    public async Task<(List<PlannedAttempt> Plan, bool Served)> PlanAsync(UnlockedKey caller, TenantVault vault, string model)
    {
        var usable = await UsableAsync(caller, vault);
        var routing = vault.Routing ?? RoutingSettings.Default;
        var plan = new List<PlannedAttempt>();
        var served = false;
        IEnumerable<string> chain = [model, .. routing.Fallbacks.GetValueOrDefault(model, [])];
        foreach (var candidateModel in chain.Distinct(StringComparer.Ordinal).Take(MaxFallbacks + 1))
        {
            if (!KeyPolicyChecks.AllowsModel(caller, candidateModel))
            {
                continue;
            }

            var serving = usable.Where(r => r.Models.Contains(candidateModel, StringComparer.Ordinal)).ToList();
            served |= serving.Count > 0 && candidateModel == model;
            var healthy = serving.Where(r => liveness.IsReachable(r) && board.IsAvailable(r, candidateModel)).ToList();
            plan.AddRange(order.Order(healthy, routing.For(candidateModel), candidateModel, vault).Select(r => new PlannedAttempt(candidateModel, r)));
        }

        return (plan, served);
    }
}
