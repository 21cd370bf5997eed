using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Usage;

/// <summary>The answer of <c>GET /x/usage</c>.</summary>
internal sealed record UsageReport(DateOnly From, DateOnly To, string? GroupBy, UsageFields Totals, IReadOnlyList<UsageFields> Rows)
{
    /// <summary>The parsed <see cref="GroupBy"/> (for the CSV's columns).</summary>
    [JsonIgnore]
    public UsageGrouping Grouping { get; init; } = UsageGrouping.None;
}
