using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.ProviderKeys;
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
        management.MapGet("/usage", GetUsageAsync).WithTags("Usage").WithName("GetUsage").WithSummary("Usage, errors and cost by day, hour, model, key or provider key (one or two of them).");
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
        return TypedResults.Stream(stream => UsageCsv.WriteAsync(stream, report!), "text/csv; charset=utf-8");
    }

    /// <summary>
    /// <c>GET /x/requests?limit=&amp;model=&amp;key=&amp;status=&amp;provider_key=</c>: the last 7 days' request log of the
    /// caller's subtree, newest first, served requests and the router's own refusals, in one query on the request table
    /// through the index that fits the filters (tenant and time, with status, model, key or provider key), with the
    /// keys' and provider keys' names.
    /// A parameter it does not know, or a value that cannot match (a status that is not an HTTP status, a key that is
    /// not in the caller's subtree), is a 400 rather than silently ignored.
    /// </summary>
    public static async Task<Results<Ok<ListResponse<RequestLogRow>>, ProblemHttpResult>> GetRequestsAsync(
        HttpContext context, UsageReader reader, SubKeyAdministration keys, ProviderKeyAdministration providerKeys, TimeProvider timeProvider)
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

        var query = new RequestLogQuery(filter.Limit, filter.Model, filter.KeyId, filter.Status, visible?.ToImmutableHashSet(StringComparer.Ordinal), filter.ProviderKeyId);
        var tomorrow = new DateTimeOffset(DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var records = await reader.QueryRequestsAsync(caller.TenantId, tomorrow.AddDays(-LogDays), tomorrow, query, servedOnly: false, context.RequestAborted);
        var names = records.IsEmpty ? UsageNames.Empty : await UsageNames.ReadAsync(keys, providerKeys, caller, keyNames: true, providerKeyNames: true);
        return TypedResults.Ok(new ListResponse<RequestLogRow>([.. records.Select(r => RequestLogRow.From(r, names))]));
    }

}
