using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// The route stage: for the model and then each of its fallbacks (those the key may use), the provider keys the
/// caller can open (a slot for the key's pool at its version, a pool its policies allow) that serve it, whose
/// host answers liveness probes and whose circuit is closed (or ready for a probe), in the order of the tenant's
/// strategy for that model. When no such key is left, the keys whose only fault is a host marked down are the plan.
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
        var lastResort = new List<PlannedAttempt>();
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
            var available = serving.Where(r => board.IsAvailable(r, candidateModel)).ToList();
            var healthy = available.Where(liveness.IsReachable).ToList();
            plan.AddRange(order.Order(healthy, routing.For(candidateModel), candidateModel, vault).Select(r => new PlannedAttempt(candidateModel, r)));
            lastResort.AddRange(order.Order(available.Where(r => !liveness.IsReachable(r) && LivenessProber.CanProbe(r)).ToList(), routing.For(candidateModel), candidateModel, vault)
                .Select(r => new PlannedAttempt(candidateModel, r)));
        }

        // A liveness mark is up to a probe interval old (the host may be back): with nothing else to try, keys on
        // hosts marked down are tried after all, and the attempt itself is the probe.
        if (plan.Count == 0)
        {
            plan.AddRange(lastResort);
        }

        return (plan, served);
    }
}
