using System.Text.Json.Serialization;

namespace XaiRouter.Gateway.Usage;

/// <summary>The answer of <c>GET /x/usage</c>.</summary>
internal sealed record UsageReport(DateOnly From, DateOnly To, string? GroupBy, UsageFields Totals, IReadOnlyList<UsageFields> Rows)
{
    /// <summary>The parsed <see cref="GroupBy"/> (for the CSV's columns).</summary>
    [JsonIgnore]
    public UsageGrouping Grouping { get; init; } = UsageGrouping.None;

    /// <summary>In a region of several: every region and whether its ledger is in the sums; absent with one region.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Regions.RegionUsageState>? Regions { get; init; }
}
