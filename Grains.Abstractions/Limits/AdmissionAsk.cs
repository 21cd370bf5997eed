namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>
/// A gateway's call to a scope's <see cref="IRateLimiterGrain"/>: what one request needs, how much more the gateway
/// would like to hold as a lease, what it hands back from its previous lease, and the request's holds.
/// </summary>
/// <param name="Limits">The scope's limits as the gateway read them (the grain keeps no copy of its own).</param>
/// <param name="Requests">Requests this request needs now: 0 or 1.</param>
/// <param name="ExtraRequests">Requests the gateway would like to hold for later ones (a lease), if available.</param>
/// <param name="Tokens">Tokens this request reserves (its estimate), plus any debt the gateway owes from earlier reconciliations.</param>
/// <param name="ExtraTokens">Tokens the gateway would like to hold as a lease.</param>
/// <param name="ReturnedRequests">Unused requests of the gateway's previous lease, given back.</param>
/// <param name="ReturnedTokens">Unused tokens of the previous lease, given back.</param>
/// <param name="HoldId">The request id, when the request takes a concurrency slot or a budget reservation.</param>
/// <param name="Concurrent">Take one of the scope's concurrency slots until the hold is settled.</param>
/// <param name="Budget">The scope's budget, if it has one.</param>
/// <param name="ReserveUsd">The request's maximum cost, reserved against <paramref name="Budget"/>.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.AdmissionAsk")]
public sealed record AdmissionAsk(
    [property: Id(0)] RateLimits? Limits,
    [property: Id(1)] long Requests,
    [property: Id(2)] long ExtraRequests,
    [property: Id(3)] long Tokens,
    [property: Id(4)] long ExtraTokens,
    [property: Id(5)] long ReturnedRequests,
    [property: Id(6)] long ReturnedTokens,
    [property: Id(7)] string? HoldId,
    [property: Id(8)] bool Concurrent,
    [property: Id(9)] BudgetPolicy? Budget,
    [property: Id(10)] decimal ReserveUsd);
