namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>One window of a limit scope as its grain holds it now.</summary>
/// <param name="Quantity"><c>requests</c> or <c>tokens</c>.</param>
/// <param name="Window">The window's length (a minute, an hour or a day).</param>
/// <param name="Limit">Its capacity.</param>
/// <param name="Available">What is left now; allowance leased out to gateways counts as used (negative while in debt).</param>
/// <param name="Reset">How long until it is whole again.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.LimitWindow")]
public sealed record LimitWindow(
    [property: Id(0)] string Quantity,
    [property: Id(1)] TimeSpan Window,
    [property: Id(2)] long Limit,
    [property: Id(3)] long Available,
    [property: Id(4)] TimeSpan Reset);
