namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>A limit scope's state for the operator tooling: windows, holds and spend. Counters only.</summary>
/// <param name="Windows">The request and token windows the scope's last caller set (none before a call of this activation).</param>
/// <param name="Holds">Requests held (a concurrency slot or a budget reservation).</param>
/// <param name="SlotsHeld">Of those, concurrency slots.</param>
/// <param name="ReservedUsd">Budget reserved by the held requests.</param>
/// <param name="CreditSpentUsd">Spent since the scope's first request.</param>
/// <param name="Month">The month of <paramref name="MonthSpentUsd"/>, <c>yyyy-MM</c>.</param>
/// <param name="MonthSpentUsd">Spent in that month.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.LimitSnapshot")]
public sealed record LimitSnapshot(
    [property: Id(0)] ImmutableArray<LimitWindow> Windows,
    [property: Id(1)] int Holds,
    [property: Id(2)] int SlotsHeld,
    [property: Id(3)] decimal ReservedUsd,
    [property: Id(4)] decimal CreditSpentUsd,
    [property: Id(5)] string Month,
    [property: Id(6)] decimal MonthSpentUsd);
