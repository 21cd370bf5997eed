using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// The <c>group_by</c> of a usage report: none, one dimension, or two comma-separated (<c>day,model</c>), from
/// <see cref="Dimensions"/>; <c>day</c> and <c>hour</c> not together. A row's <c>group</c> is its one value, or its two
/// joined by <c>|</c> (no dimension but <c>model</c> can hold a <c>|</c>, so two rows never share a group).
/// </summary>
internal sealed record UsageGrouping(IReadOnlyList<string> By)
{
    public const int MaxDimensions = 2;

    public static readonly string[] Dimensions = ["day", "hour", "model", "key", "provider_key"];

    public static readonly UsageGrouping None = new([]);

    /// <summary>Whether the report reads the hourly totals.</summary>
    public bool Hourly => By.Contains("hour");

    public bool Has(string dimension) => By.Contains(dimension);

    /// <returns>The grouping, or why <paramref name="groupBy"/> is refused.</returns>
    public static (UsageGrouping? Grouping, string? Problem) Parse(string? groupBy)
    {
        if (groupBy is null)
        {
            return (None, null);
        }

        var by = groupBy.Split(',');
        if (by.Length > MaxDimensions || by.Any(d => !Dimensions.Contains(d)) || by.Distinct(StringComparer.Ordinal).Count() != by.Length)
        {
            return (null, $"'group_by' must be one of {string.Join(", ", Dimensions)}, or two of them separated by a comma (e.g. day,model).");
        }

        if (by.Contains("day") && by.Contains("hour"))
        {
            return (null, "'group_by' cannot hold both day and hour.");
        }

        return (new UsageGrouping(by), null);
    }

    /// <summary>The group of a totals row of <paramref name="bucket"/> (its day or hour); null when the report is not grouped.</summary>
    public string? GroupOf(string bucket, UsageTotals row) => By.Count switch
    {
        0 => null,
        1 => ValueOf(By[0], bucket, row),
        _ => ValueOf(By[0], bucket, row) + "|" + ValueOf(By[1], bucket, row),
    };

    /// <summary>A new, empty row of <paramref name="group"/>, labelled with its dimensions' values and names.</summary>
    public UsageFields Row(string group, string bucket, UsageTotals row, UsageNames names) => UsageFields.Zero with
    {
        Group = group,
        Day = Has("day") ? bucket : null,
        Hour = Has("hour") ? bucket : null,
        Model = Has("model") ? row.Model : null,
        Key = Has("key") ? row.KeyId : null,
        KeyName = Has("key") ? names.KeyName(row.KeyId) : null,
        ProviderKey = Has("provider_key") ? row.ProviderKeyId : null,
        ProviderKeyName = Has("provider_key") ? names.ProviderKeyName(row.ProviderKeyId) : null,
    };

    /// <summary>The value of one dimension of a row, as its own field holds it.</summary>
    public static string? ValueOf(string dimension, UsageFields row) => dimension switch
    {
        "day" => row.Day,
        "hour" => row.Hour,
        "model" => row.Model,
        "key" => row.Key,
        _ => row.ProviderKey,
    };

    private static string ValueOf(string dimension, string bucket, UsageTotals row) => dimension switch
    {
        "day" or "hour" => bucket,
        "model" => row.Model,
        "key" => row.KeyId,
        _ => row.ProviderKeyId,
    };
}
