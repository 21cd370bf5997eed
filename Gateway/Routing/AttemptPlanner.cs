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
    public async ValueTask<List<ProviderKeyRecord>> UsableAsync(UnlockedKey caller, TenantVault vault) => Usable(caller, await cache.GetAsync(vault));

    /// <returns>The plan, and whether any key serves the model at all (healthy or not).</returns>
    /// <remarks>
    /// Plain loops, no LINQ: this runs on every request (issue 16, second round). The checks are made in the same
    /// order and as often as before (<see cref="HealthBoard.IsAvailable(ProviderKeyRecord, string?)"/> once per
    /// serving key); the last-resort keys are ordered only when they become the plan.
    /// </remarks>
    public async Task<(List<PlannedAttempt> Plan, bool Served)> PlanAsync(UnlockedKey caller, TenantVault vault, string model)
    {
        var usable = Usable(caller, await cache.GetAsync(vault));
        var routing = vault.Routing ?? RoutingSettings.Default;
        var plan = new List<PlannedAttempt>();
        List<(string Model, List<ProviderKeyRecord> Keys)>? lastResort = null;
        var served = false;
        var chain = ModelChain(model, routing);
        foreach (var candidateModel in chain)
        {
            if (!KeyPolicyChecks.AllowsModel(caller, candidateModel))
            {
                continue;
            }

            var healthy = new List<ProviderKeyRecord>();
            List<ProviderKeyRecord>? downHosts = null;
            foreach (var record in usable)
            {
                if (!record.Models.Contains(candidateModel, StringComparer.Ordinal))
                {
                    continue;
                }

                served |= candidateModel == model;
                if (!board.IsAvailable(record, candidateModel))
                {
                    continue;
                }

                if (liveness.IsReachable(record))
                {
                    healthy.Add(record);
                }
                else if (LivenessProber.CanProbe(record))
                {
                    (downHosts ??= []).Add(record);
                }
            }

            foreach (var record in order.Order(healthy, routing.For(candidateModel), candidateModel, vault))
            {
                plan.Add(new PlannedAttempt(candidateModel, record));
            }

            if (downHosts is not null)
            {
                (lastResort ??= []).Add((candidateModel, downHosts));
            }
        }

        // A liveness mark is up to a probe interval old (the host may be back): with nothing else to try, keys on
        // hosts marked down are tried after all, and the attempt itself is the probe.
        if (plan.Count == 0 && lastResort is not null)
        {
            foreach (var (candidateModel, keys) in lastResort)
            {
                foreach (var record in order.Order(keys, routing.For(candidateModel), candidateModel, vault))
                {
                    plan.Add(new PlannedAttempt(candidateModel, record));
                }
            }
        }

        return (plan, served);
    }

    private static List<ProviderKeyRecord> Usable(UnlockedKey caller, ImmutableArray<ProviderKeyRecord> records)
    {
        var usable = new List<ProviderKeyRecord>(records.Length);
        foreach (var record in records)
        {
            if (caller.Record.FindSlot(record.Pool, record.PoolVersion) is not null && KeyPolicyChecks.AllowsPool(caller, record.Pool))
            {
                usable.Add(record);
            }
        }

        return usable;
    }

    /// <summary>The model, then its fallbacks, each once, at most <see cref="MaxFallbacks"/> fallbacks.</summary>
    private static List<string> ModelChain(string model, RoutingSettings routing)
    {
        var chain = new List<string>(1) { model };
        if (routing.Fallbacks.TryGetValue(model, out var fallbacks))
        {
            foreach (var fallback in fallbacks)
            {
                if (chain.Count == MaxFallbacks + 1)
                {
                    break;
                }

                if (!chain.Contains(fallback, StringComparer.Ordinal))
                {
                    chain.Add(fallback);
                }
            }
        }

        return chain;
    }
}
