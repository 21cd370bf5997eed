using System.Globalization;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Tenants;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// The operator's chargeback report: every tenant's daily totals for a range of days (read through the day index,
/// summed as they are read, in decimal), by tenant or by tenant and day, with the tenants' names.
/// </summary>
internal sealed class TenantUsageQuery(UsageReader reader, TenantAdministration tenants, TimeProvider timeProvider)
{
    public static readonly string[] Groupings = ["tenant", "day"];

    /// <returns>The report, or the problem with the query (naming the parameter).</returns>
    public async Task<(TenantUsageReport? Report, ProblemHttpResult? Problem)> RunAsync(string? from, string? to, string? groupBy, CancellationToken cancellationToken)
    {
        groupBy ??= "tenant";
        if (!Groupings.Contains(groupBy))
        {
            return (null, Problems.BadRequest($"'group_by' must be one of: {string.Join(", ", Groupings)}."));
        }

        var (range, problem) = UsageQuery.DayRange(from, to, timeProvider.GetUtcNow());
        if (range is not { } bounds)
        {
            return (null, Problems.BadRequest(problem!));
        }

        var (first, last) = (DateOnly.FromDateTime(bounds.From.UtcDateTime), DateOnly.FromDateTime(bounds.To.UtcDateTime));
        var byDay = groupBy == "day";
        var totals = UsageFields.Zero;
        var sums = new SortedDictionary<(string Tenant, string Day), UsageFields>();
        await foreach (var (tenantId, row) in reader.ReadAllTenantsTotalsAsync(first, last, cancellationToken))
        {
            totals = totals.Add(row.Totals);
            var group = (tenantId, byDay ? row.Day.ToString(UsageStore.DayFormat, CultureInfo.InvariantCulture) : "");
            sums[group] = (sums.GetValueOrDefault(group) ?? UsageFields.Zero).Add(row.Totals);
        }

        var names = (await tenants.ListAsync(cancellationToken)).ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        var rows = sums.Select(s => TenantUsageRow.From(s.Key.Tenant, names.GetValueOrDefault(s.Key.Tenant), byDay ? s.Key.Day : null, s.Value)).ToList();
        return (new TenantUsageReport(first, last, groupBy, totals, rows), null);
    }
}
