using XaiRouter.Gateway.Regions;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Apis;

/// <summary>Everything under <c>/admin</c>: operator token required (checked once, for the whole group).</summary>
internal static class OperatorApi
{
    public static RouteGroupBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter<HomeRegionHeaderFilter>().AddEndpointFilter<OperatorAuthenticationFilter>();
        admin.MapTenantsApi();
        admin.MapDiagnosticsApi();
        admin.MapClusterApi();
        Regions.BudgetLeaseApi.MapBudgetLeaseApi(admin);
        admin.MapRegionsApi();
        return admin;
    }
}
