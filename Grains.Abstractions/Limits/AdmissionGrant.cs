namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>A scope's answer to an <see cref="AdmissionAsk"/>.</summary>
/// <param name="Refusal">Why the request was refused; <see langword="null"/> when admitted.</param>
/// <param name="RetryAfter">When admitted, zero; when refused, how long until it could be admitted (null: not by waiting).</param>
/// <param name="Requests">Requests granted: the request's own plus the lease.</param>
/// <param name="Tokens">Tokens granted: the request's reservation plus the lease.</param>
/// <param name="RequestWindow">The tightest request window after this grant, for the response headers.</param>
/// <param name="TokenWindow">The tightest token window after this grant.</param>
/// <param name="BudgetWarning">Admitted over a soft monthly budget.</param>
/// <param name="LeaseWanted">
/// Multi-region only: the scope's tenant is homed in another region and this region's budget lease does not cover the
/// request (refused) or runs low (admitted): the ask the Gateway should send to the home region.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.AdmissionGrant")]
public sealed record AdmissionGrant(
    [property: Id(0)] LimitRefusal? Refusal,
    [property: Id(1)] TimeSpan? RetryAfter,
    [property: Id(2)] long Requests,
    [property: Id(3)] long Tokens,
    [property: Id(4)] WindowSnapshot? RequestWindow,
    [property: Id(5)] WindowSnapshot? TokenWindow,
    [property: Id(6)] bool BudgetWarning,
    [property: Id(7)] BudgetLeaseAsk? LeaseWanted = null)
{
    /// <summary>Whether the request may go on.</summary>
    public bool Admitted => Refusal is null;
}
