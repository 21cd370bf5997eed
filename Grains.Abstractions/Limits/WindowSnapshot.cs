namespace XaiRouter.Grains.Abstractions.Limits;

/// <summary>One limit window as the <c>x-ratelimit-*</c> headers show it.</summary>
/// <param name="Limit">The window's limit.</param>
/// <param name="Remaining">What is left now (leases held by gateways count as used).</param>
/// <param name="Reset">How long until the window is whole again.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.WindowSnapshot")]
public sealed record WindowSnapshot(
    [property: Id(0)] long Limit,
    [property: Id(1)] long Remaining,
    [property: Id(2)] TimeSpan Reset);
