namespace XaiRouter.Gateway.Usage;

/// <summary>The answer of <c>GET /x/usage</c>.</summary>
internal sealed record UsageReport(DateOnly From, DateOnly To, string? GroupBy, UsageFields Totals, IReadOnlyList<UsageFields> Rows);
