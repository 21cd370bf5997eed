using XaiRouter.Gateway.Usage;
using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// The operator's view of the whole router: <c>GET /admin/usage</c> (every tenant's totals, for chargeback) and
/// <c>GET /admin/nodes</c> (the cluster's members and their status). Nothing of a tenant's keys or secrets.
/// </summary>
internal static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder operatorApi)
    {
        operatorApi.MapGet("/usage", GetUsageAsync).WithTags("Operator").WithName("GetTenantsUsage")
            .WithSummary("Every tenant's usage totals (requests, errors, tokens, cost) by tenant or by tenant and day.");
        operatorApi.MapGet("/nodes", GetNodesAsync).WithTags("Operator").WithName("GetNodes").WithSummary("The cluster's nodes and their status.");
        return operatorApi;
    }

    public static async Task<Results<Ok<TenantUsageReport>, ProblemHttpResult>> GetUsageAsync(
        TenantUsageQuery query, string? from, string? to, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy, CancellationToken cancellationToken)
    {
        var (report, problem) = await query.RunAsync(from, to, groupBy, cancellationToken);
        return problem ?? (Results<Ok<TenantUsageReport>, ProblemHttpResult>)TypedResults.Ok(report!);
    }

    public static async Task<Ok<ListResponse<ClusterNode>>> GetNodesAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<ClusterNode>([.. await ClusterNodes.ReadAsync(grains)]));
}
