using System.Globalization;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.ProviderKeys;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Reads a tenant's totals for a range of days (one indexed query on the daily totals table, however long the
/// range), or of hours within the last <see cref="HourlyWindow"/> (the hourly totals table), limited to what the
/// calling key may see, and groups them by one dimension or two (<see cref="UsageGrouping"/>). Request rows are never
/// scanned. Amounts are added in decimal here, not in SQL. In a region of several, every peer's own rows of the
/// tenant (<see cref="Regions.RegionUsageFanOut"/>) are added to this region's before the filtering and grouping, and
/// the report says which regions it includes.
/// </summary>
internal sealed class UsageQuery(
    UsageReader reader, SubKeyAdministration keys, ProviderKeyAdministration providerKeys, TimeProvider timeProvider, Regions.RegionUsageFanOut regions)
{
    public const int MaxDays = 366;

    /// <summary>How far back <c>group_by=hour</c> reaches: hourly totals are kept a few days, charted for two.</summary>
    public static readonly TimeSpan HourlyWindow = TimeSpan.FromHours(48);

    /// <returns>The report, or the problem with the query (naming the parameter).</returns>
    public async Task<(UsageReport? Report, ProblemHttpResult? Problem)> RunAsync(
        UnlockedKey caller, string? from, string? to, string? groupBy, string? key, CancellationToken cancellationToken = default)
    {
        var (grouping, groupingProblem) = UsageGrouping.Parse(groupBy);
        if (grouping is null)
        {
            return (null, Problems.BadRequest(groupingProblem!));
        }

        var now = timeProvider.GetUtcNow();
        var (range, rangeProblem) = grouping.Hourly ? HourRange(from, to, now) : DayRange(from, to, now);
        if (range is not { } bounds)
        {
            return (null, Problems.BadRequest(rangeProblem!));
        }

        var visible = await keys.VisibleKeyIdsAsync(caller, key);
        if (visible is { Count: 0 })
        {
            return (null, Problems.NotFound($"No key has the id '{key}'."));
        }

        var names = grouping.Has("key") || grouping.Has("provider_key")
            ? await UsageNames.ReadAsync(keys, providerKeys, caller, grouping.Has("key"), grouping.Has("provider_key"))
            : UsageNames.Empty;
        var peers = regions.IsMultiRegion ? regions.ReadPeersAsync(caller.TenantId, grouping.Hourly, bounds.From, bounds.To, cancellationToken) : null;
        var local = await ReadLocalAsync(caller.TenantId, grouping.Hourly, bounds, cancellationToken);
        var (peerRows, regionStates) = peers is null ? ([], null) : await peers;
        var totals = UsageFields.Zero;
        var rows = new SortedDictionary<string, UsageFields>(StringComparer.Ordinal);
        foreach (var (bucket, row) in local.Concat(peerRows.Select(static r => (r.Bucket, r.Totals))))
        {
            if (visible is not null && !visible.Contains(row.KeyId))
            {
                continue;
            }

            totals = totals.Add(row);
            if (grouping.GroupOf(bucket, row) is { } group)
            {
                rows[group] = (rows.GetValueOrDefault(group) ?? grouping.Row(group, bucket, row, names)).Add(row);
            }
        }

        return (new UsageReport(DateOnly.FromDateTime(bounds.From.UtcDateTime), DateOnly.FromDateTime(bounds.To.UtcDateTime), groupBy, totals, [.. rows.Values])
        {
            Grouping = grouping,
            Regions = regionStates,
        }, null);
    }

    /// <summary>This region's own totals rows of a tenant (<c>GET /admin/regions/usage</c> answers them to the peers).</summary>
    public async Task<IEnumerable<(string Bucket, UsageTotals Row)>> ReadLocalAsync(
        string tenantId, bool hourly, (DateTimeOffset From, DateTimeOffset To) range, CancellationToken cancellationToken)
    {
        if (hourly)
        {
            return (await reader.ReadHourlyTotalsAsync(tenantId, range.From, range.To, cancellationToken)).Select(static r => (r.Hour, r.Totals));
        }

        var (first, last) = (DateOnly.FromDateTime(range.From.UtcDateTime), DateOnly.FromDateTime(range.To.UtcDateTime));
        return (await reader.ReadTotalsAsync(tenantId, first, last, cancellationToken))
            .Select(static r => (r.Day.ToString(UsageStore.DayFormat, CultureInfo.InvariantCulture), r.Totals));
    }

    /// <summary>Days: <c>from</c> defaults to the month's first day, <c>to</c> to today; at most <see cref="MaxDays"/>.</summary>
    internal static ((DateTimeOffset From, DateTimeOffset To)? Range, string? Problem) DayRange(string? from, string? to, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (!TryDate(from, new DateOnly(today.Year, today.Month, 1), out var first) || !TryDate(to, today, out var last))
        {
            return (null, "'from' and 'to' must be dates (yyyy-MM-dd).");
        }

        if (last < first || last.DayNumber - first.DayNumber >= MaxDays)
        {
            return (null, $"'from' must not be after 'to', and the range at most {MaxDays} days.");
        }

        return ((Start(first), Start(last)), null);
    }

    /// <summary>
    /// Hours: <c>from</c> and <c>to</c> are dates (a day's first hour, a day's last hour) or UTC times
    /// (<c>2026-12-01T10:00:00Z</c>, the hour they fall in); <c>from</c> defaults to <see cref="HourlyWindow"/> ago,
    /// <c>to</c> to now. An earlier <c>from</c> is refused rather than answered with hours that are no longer kept.
    /// </summary>
    private static ((DateTimeOffset From, DateTimeOffset To)? Range, string? Problem) HourRange(string? from, string? to, DateTimeOffset now)
    {
        var earliest = FloorHour(now) - HourlyWindow;
        if (!TryTime(from, earliest, endOfDay: false, out var first) || !TryTime(to, now, endOfDay: true, out var last))
        {
            return (null, "'from' and 'to' must be dates (yyyy-MM-dd) or UTC times (yyyy-MM-ddTHH:mm:ssZ).");
        }

        if (FloorHour(first) < earliest)
        {
            return (null, $"group_by=hour covers the last {HourlyWindow.TotalHours:0} hours only: 'from' must not be before {earliest.UtcDateTime.ToString(UsageStore.HourFormat, CultureInfo.InvariantCulture)}.");
        }

        return last < first ? (null, "'from' must not be after 'to'.") : ((first, last), null);
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset FloorHour(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    private static bool TryTime(string? text, DateTimeOffset fallback, bool endOfDay, out DateTimeOffset time)
    {
        if (string.IsNullOrEmpty(text) || text.Length == UsageStore.DayFormat.Length)
        {
            var parsed = TryDate(text, DateOnly.FromDateTime(fallback.UtcDateTime), out var day);
            // The day's last tick counted from its start: the day after 9999-12-31 does not exist (an overflow, a 500).
            time = string.IsNullOrEmpty(text) ? fallback : endOfDay ? Start(day).AddTicks(TimeSpan.TicksPerDay - 1) : Start(day);
            return parsed;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

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
