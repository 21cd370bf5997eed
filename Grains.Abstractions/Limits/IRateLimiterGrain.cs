namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>
/// The cluster-wide decision for one scope (a key, a key and model, a provider key), keyed by
/// <see cref="GrainKeys.RateLimiter(string, string)"/>: token buckets per window, concurrency slots and budget
/// reservations. Gateways hold leases (pre-taken allowance) so that most requests need no call here.
/// </summary>
[Alias("XaiRouter.IRateLimiterGrain")]
public interface IRateLimiterGrain : IGrainWithStringKey
{
    /// <summary>Admits one request (or tops up a lease), or refuses it and says why.</summary>
    [Alias("AdmitAsync")]
    Task<AdmissionGrant> AdmitAsync(AdmissionAsk ask);

    /// <summary>Hands back a lease's unused allowance (the gateway no longer needs it).</summary>
    [Alias("ReturnAsync")]
    Task ReturnAsync(RateLimits? limits, long requests, long tokens);

    /// <summary>Ends a held request: frees its slot, replaces its reservation by its cost. Unknown ids are ignored.</summary>
    [Alias("SettleAsync")]
    Task SettleAsync(AdmissionSettlement settlement);

    /// <summary>The scope's windows, holds and spend (operator tooling).</summary>
    [Alias("GetSnapshotAsync")]
    Task<LimitSnapshot> GetSnapshotAsync();

    /// <summary>Makes every window whole again and drops the holds (operator tooling); the spend is kept.</summary>
    [Alias("ResetAsync")]
    Task ResetAsync();

    /// <summary>The scope's spend against <paramref name="budget"/>.</summary>
    [Alias("GetBudgetAsync")]
    Task<BudgetStatus> GetBudgetAsync(BudgetPolicy? budget);

    /// <summary>
    /// Home region: records another region's report and grants it a budget lease (a slice of what is left), persisted
    /// before the answer. Deterministic for a given state, so a retried ask gets the same ceilings.
    /// </summary>
    [Alias("GrantBudgetLeaseAsync")]
    Task<BudgetLeaseGrant> GrantBudgetLeaseAsync(BudgetLeaseAsk ask);

    /// <summary>Non-home region: takes the home's answer (ceilings only ever rise within a month).</summary>
    [Alias("ApplyBudgetLeaseAsync")]
    Task ApplyBudgetLeaseAsync(BudgetLeaseGrant grant);
}
