using System.Globalization;
using System.Text;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Security;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary><c>/x/usage</c>, <c>/x/usage.csv</c> and <c>/x/requests</c>: what the caller's subtree used and spent.</summary>
internal static class UsageApi
{
    public const int MaxRecent = UsageReader.MaxLimit;

    /// <summary>Days of request log <c>/x/requests</c> searches: today and the 6 before.</summary>
    public const int LogDays = 7;

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
        var (report, problem) = await query.RunAsync(context.GetCaller(), from, to, groupBy, key, context.RequestAborted);
        return problem ?? (Results<Ok<UsageReport>, ProblemHttpResult>)TypedResults.Ok(report!);
    }

    public static async Task<IResult> GetUsageCsvAsync(
        HttpContext context, UsageQuery query, string? from, string? to, string? key, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy)
    {
        var (report, problem) = await query.RunAsync(context.GetCaller(), from, to, groupBy, key, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        // Written row by row as the client reads, not assembled first.
        return TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            // cache_write_tokens came last (issue 17): appended, so existing readers of the columns by position keep working.
            await writer.WriteAsync("group,requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,cost_usd,estimated_requests,cache_write_tokens\n");
            foreach (var row in report!.Rows.Prepend(report.Totals with { Group = "total" }))
            {
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{Quote(row.Group ?? "")},{row.Requests},{row.InputTokens},{row.CachedInputTokens},{row.OutputTokens},{row.ReasoningTokens},{row.CostUsd},{row.EstimatedRequests},{row.CacheWriteTokens}\n"));
            }
        }, "text/csv; charset=utf-8");
    }

    /// <summary>
    /// <c>GET /x/requests?limit=&amp;model=&amp;key=&amp;status=</c>: the last 7 days' request log of the caller's subtree,
    /// newest first, served requests and the router's own refusals, in one query on the request table through the index
    /// that fits the filters (tenant and time, with status, model or key).
    /// A parameter it does not know, or a value that cannot match (a status that is not an HTTP status, a key that is
    /// not in the caller's subtree), is a 400 rather than silently ignored.
    /// </summary>
    public static async Task<Results<Ok<ListResponse<UsageRecord>>, ProblemHttpResult>> GetRequestsAsync(
        HttpContext context, UsageReader reader, SubKeyAdministration keys, TimeProvider timeProvider)
    {
        var (filter, problem) = RequestLogFilter.Parse(context.Request.Query, MaxRecent);
        if (problem is not null)
        {
            return Problems.BadRequest(problem);
        }

        var caller = context.GetCaller();
        var visible = await keys.VisibleKeyIdsAsync(caller, filter!.KeyId);
        if (visible is { Count: 0 })
        {
            return Problems.BadRequest($"'key': no key of yours has the id '{filter.KeyId}'.");
        }

        var query = new RequestLogQuery(filter.Limit, filter.Model, filter.KeyId, filter.Status, visible?.ToImmutableHashSet(StringComparer.Ordinal));
        var tomorrow = new DateTimeOffset(DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var records = await reader.QueryRequestsAsync(caller.TenantId, tomorrow.AddDays(-LogDays), tomorrow, query, servedOnly: false, context.RequestAborted);
        return TypedResults.Ok(new ListResponse<UsageRecord>(records));
    }

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
