using System.Globalization;
using System.Text;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Security;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary><c>/x/usage</c>, <c>/x/usage.csv</c> and <c>/x/requests</c>: what the caller's subtree used and spent.</summary>
internal static class UsageApi
{
    public const int MaxRecent = 1000;

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder management)
    {
        management.MapGet("/usage", GetUsageAsync).WithTags("Usage").WithName("GetUsage").WithSummary("Usage and cost by day, model, key or provider key.");
        management.MapGet("/usage.csv", GetUsageCsvAsync).WithTags("Usage").WithName("GetUsageCsv").WithSummary("The same report as CSV.");
        management.MapGet("/requests", GetRequestsAsync).WithTags("Usage").WithName("GetRequests").WithSummary("Recent request records, no content.");
        return management;
    }

    public static async Task<Results<Ok<UsageReport>, ProblemHttpResult>> GetUsageAsync(
        HttpContext context, UsageQuery query, string? from, string? to, string? key, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy)
    {
        var (report, problem) = await query.RunAsync(context.GetCaller(), from, to, groupBy, key);
        return problem ?? (Results<Ok<UsageReport>, ProblemHttpResult>)TypedResults.Ok(report!);
    }

    public static async Task<IResult> GetUsageCsvAsync(
        HttpContext context, UsageQuery query, string? from, string? to, string? key, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy)
    {
        var (report, problem) = await query.RunAsync(context.GetCaller(), from, to, groupBy, key);
        if (problem is not null)
        {
            return problem;
        }

        // Written row by row as the client reads, not assembled first.
        return TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await writer.WriteAsync("group,requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,cost_usd,estimated_requests\n");
            foreach (var row in report!.Rows.Prepend(report.Totals with { Group = "total" }))
            {
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{Quote(row.Group ?? "")},{row.Requests},{row.InputTokens},{row.CachedInputTokens},{row.OutputTokens},{row.ReasoningTokens},{row.CostUsd},{row.EstimatedRequests}\n"));
            }
        }, "text/csv; charset=utf-8");
    }

    public static async Task<Results<Ok<ListResponse<UsageRecord>>, ProblemHttpResult>> GetRequestsAsync(
        HttpContext context, IGrainFactory grains, SubKeyAdministration keys, TimeProvider timeProvider, int? limit)
    {
        if (limit is < 1 or > MaxRecent)
        {
            return Problems.BadRequest($"'limit' must be between 1 and {MaxRecent}.");
        }

        var caller = context.GetCaller();
        var visible = await keys.VisibleKeyIdsAsync(caller);
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var wanted = limit ?? 100;
        var records = new List<UsageRecord>(wanted);
        for (var day = today; records.Count < wanted && day > today.AddDays(-7); day = day.AddDays(-1))
        {
            var recent = await grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(caller.TenantId, day)).GetRecentAsync(MaxRecent);
            records.AddRange(recent.Where(r => visible is null || visible.Contains(r.KeyId)).Take(wanted - records.Count));
        }

        return TypedResults.Ok(new ListResponse<UsageRecord>(records));
    }

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
