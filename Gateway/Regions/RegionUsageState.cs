namespace XaiRouter.Gateway.Regions;

/// <summary>One region in a usage report's <c>regions</c>: whether its ledger is in the sums.</summary>
/// <param name="Name">The region.</param>
/// <param name="Included">Whether its numbers are included.</param>
/// <param name="MissingSince">When its numbers stopped being available (the first failed fetch of the current run of failures); null when included.</param>
internal sealed record RegionUsageState(string Name, bool Included, DateTimeOffset? MissingSince);
