using System.Globalization;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Reads a tenant's daily totals for a range of days (one indexed query on the totals table, however long the range),
/// limited to what the calling key may see, and groups them. Amounts are added in decimal here, not in SQL.
/// </summary>
internal sealed class UsageQuery(UsageReader reader, SubKeyAdministration keys, TimeProvider timeProvider)
{
    public const int MaxDays = 366;

    public static readonly string[] Groupings = ["day", "model", "key", "provider_key"];

    /// <returns>The report, or the problem with the query (naming the parameter).</returns>
    public async Task<(UsageReport? Report, ProblemHttpResult? Problem)> RunAsync(
        UnlockedKey caller, string? from, string? to, string? groupBy, string? key, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        if (!TryDate(from, new DateOnly(today.Year, today.Month, 1), out var first) || !TryDate(to, today, out var last))
        {
            return (null, Problems.BadRequest("'from' and 'to' must be dates (yyyy-MM-dd)."));
        }

        if (last < first || last.DayNumber - first.DayNumber >= MaxDays)
        {
            return (null, Problems.BadRequest($"'from' must not be after 'to', and the range at most {MaxDays} days."));
        }

        if (groupBy is not null && !Groupings.Contains(groupBy))
        {
            return (null, Problems.BadRequest($"'group_by' must be one of: {string.Join(", ", Groupings)}."));
        }

        var visible = await keys.VisibleKeyIdsAsync(caller, key);
        if (visible is { Count: 0 })
        {
            return (null, Problems.NotFound($"No key has the id '{key}'."));
        }

        var ledger = await reader.ReadTotalsAsync(caller.TenantId, first, last, cancellationToken);
        var totals = UsageFields.Zero;
        var rows = new SortedDictionary<string, UsageFields>(StringComparer.Ordinal);
        foreach (var (day, row) in ledger)
        {
            if (visible is not null && !visible.Contains(row.KeyId))
            {
                continue;
            }

            totals = totals.Add(row);
            if (GroupOf(groupBy, day, row) is { } group)
            {
                rows[group] = (rows.GetValueOrDefault(group) ?? UsageFields.Zero with { Group = group }).Add(row);
            }
        }

        return (new UsageReport(first, last, groupBy, totals, [.. rows.Values]), null);
    }

    private static string? GroupOf(string? groupBy, DateOnly day, UsageTotals row) => groupBy switch
    {
        "day" => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "model" => row.Model,
        "key" => row.KeyId,
        "provider_key" => row.ProviderKeyId,
        _ => null,
    };

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date)
    {
        if (string.IsNullOrEmpty(text))
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
