namespace XaiRouter.Grains.Abstractions.Admin;

/// <summary>One node's answer to a call on every node.</summary>
/// <param name="Node">The node's silo address.</param>
/// <param name="Value">Its answer, or <see langword="null"/> when it failed.</param>
/// <param name="Error">Why it failed (an exception type and message of the call, never a secret), else <see langword="null"/>.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.NodeAnswer`1")]
public sealed record NodeAnswer<T>(
    [property: Id(0)] string Node,
    [property: Id(1)] T? Value,
    [property: Id(2)] string? Error)
    where T : class;
