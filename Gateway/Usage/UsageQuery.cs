using System.Globalization;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>Reads a tenant's ledgers for a range of days, limited to what the calling key may see, and groups them.</summary>
internal sealed class UsageQuery(IGrainFactory grains, SubKeyAdministration keys, TimeProvider timeProvider)
{
    public const int MaxDays = 366;

    public static readonly string[] Groupings = ["day", "model", "key", "provider_key"];

    /// <returns>The report, or the problem with the query (naming the parameter).</returns>
    public async Task<(UsageReport? Report, ProblemHttpResult? Problem)> RunAsync(UnlockedKey caller, string? from, string? to, string? groupBy, string? key)
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

        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
        var ledgers = await Task.WhenAll(days.Select(day => grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(caller.TenantId, day)).GetTotalsAsync()));
        var totals = UsageFields.Zero;
        var rows = new SortedDictionary<string, UsageFields>(StringComparer.Ordinal);
        for (var i = 0; i < days.Count; i++)
        {
            foreach (var row in ledgers[i].Where(r => visible is null || visible.Contains(r.KeyId)))
            {
                totals = totals.Add(row);
                if (GroupOf(groupBy, days[i], row) is { } group)
                {
                    rows[group] = (rows.GetValueOrDefault(group) ?? UsageFields.Zero with { Group = group }).Add(row);
                }
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
