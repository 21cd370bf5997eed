using System.Globalization;
using XaiRouter.Admin.Output;
using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Admin.Commands;

/// <summary>
/// <c>usage &lt;tenant&gt; [--from --to --group-by]</c>: the tenant's totals from its daily usage ledgers (one grain per
/// UTC day), grouped by key, model, provider key or day.
/// </summary>
internal static class UsageCommand
{
    /// <summary>The longest range one command reads (a ledger grain per day).</summary>
    public const int MaxDays = 92;

    private static readonly string[] Groupings = ["model", "key", "provider_key", "day"];

    public static Command Build(CommandRunner runner)
    {
        var tenant = CommandTree.TenantArgument();
        var from = new Option<DateOnly?>("--from") { Description = "First UTC day, yyyy-MM-dd (default: 6 days before --to)." };
        var to = new Option<DateOnly?>("--to") { Description = "Last UTC day, yyyy-MM-dd (default: today)." };
        var groupBy = new Option<string>("--group-by") { Description = "model (default), key, provider_key or day.", DefaultValueFactory = static _ => "model" };
        groupBy.AcceptOnlyFromAmong(Groupings);
        return CommandTree.Leaf("usage", $"Shows a tenant's usage totals over whole UTC days (at most {MaxDays}).", runner,
            context => ShowAsync(context, context.Parse.GetRequiredValue(tenant), context.Parse.GetValue(from), context.Parse.GetValue(to),
                context.Parse.GetRequiredValue(groupBy)),
            tenant, from, to, groupBy);
    }

    private static async Task<int> ShowAsync(CommandContext context, string idOrName, DateOnly? from, DateOnly? to, string groupBy)
    {
        var last = to ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var first = from ?? last.AddDays(-6);
        if (first > last || last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw new AdminFailure($"--from must not be after --to, and the range at most {MaxDays} days.");
        }

        var tenant = await context.TenantAsync(idOrName);
        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
        var totals = await Task.WhenAll(days.Select(day => context.Grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenant.Id, day)).GetTotalsAsync()));
        var groups = new SortedDictionary<string, UsageRowView>(StringComparer.Ordinal);
        var total = Empty("total");
        for (var i = 0; i < days.Count; i++)
        {
            foreach (var row in totals[i])
            {
                var group = groupBy switch
                {
                    "key" => row.KeyId,
                    "provider_key" => row.ProviderKeyId.Length == 0 ? "(refused by the router)" : row.ProviderKeyId,
                    "day" => days[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => row.Model.Length == 0 ? "(refused by the router)" : row.Model,
                };
                groups[group] = Add(groups.GetValueOrDefault(group) ?? Empty(group), row);
                total = Add(total, row);
            }
        }

        var view = new UsageView(tenant.Id, first, last, groupBy, total, [.. groups.Values]);
        await context.Output.WriteAsync(view, static v =>
        {
            var table = new TextTable(v.GroupBy.ToUpperInvariant().Replace('_', ' '), "REQUESTS", "ERRORS", "INPUT TOKENS", "CACHED", "OUTPUT TOKENS", "REASONING", "COST USD");
            foreach (var row in v.Rows.Append(v.Total))
            {
                table.Add(row.Group, Cells.Number(row.Requests), Cells.Number(row.Errors), Cells.Number(row.InputTokens), Cells.Number(row.CachedInputTokens),
                    Cells.Number(row.OutputTokens), Cells.Number(row.ReasoningTokens), Cells.Usd(row.CostUsd));
            }

            return table;
        });
        return ExitCodes.Success;
    }

    private static UsageRowView Empty(string group) => new(group, 0, 0, 0, 0, 0, 0, 0m);

    private static UsageRowView Add(UsageRowView sum, UsageTotals row) => sum with
    {
        Requests = UsageBounds.AddCount(sum.Requests, row.Requests),
        Errors = UsageBounds.AddCount(sum.Errors, row.Errors),
        InputTokens = UsageBounds.AddCount(sum.InputTokens, row.InputTokens),
        CachedInputTokens = UsageBounds.AddCount(sum.CachedInputTokens, row.CachedInputTokens),
        OutputTokens = UsageBounds.AddCount(sum.OutputTokens, row.OutputTokens),
        ReasoningTokens = UsageBounds.AddCount(sum.ReasoningTokens, row.ReasoningTokens),
        CostUsd = UsageBounds.AddCost(sum.CostUsd, row.CostUsd),
    };
}
