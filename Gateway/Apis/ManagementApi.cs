using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Pools;
using XaiRouter.Gateway.ProviderKeys;
using XaiRouter.Gateway.Regions;
using XaiRouter.Gateway.Settings;
using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Apis;

/// <summary>Everything under <c>/x</c>: a tenant's keys with manage permission, ProblemDetails errors.</summary>
internal static class ManagementApi
{
    public static RouteGroupBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        app.MapSessionApi();
        app.MapClaimApi();
        // Outermost the 421's header, innermost (after authentication) the home-region check of writes.
        var management = app.MapGroup("/x").AddEndpointFilter<HomeRegionHeaderFilter>()
            .AddEndpointFilter<ManagementAuthenticationFilter>().AddEndpointFilter<ManagementHomeFilter>();
        management.MapProviderKeysApi();
        management.MapPoolsApi();
        management.MapKeysApi();
        management.MapSubKeysApi();
        management.MapSettingsApi();
        management.MapUsageApi();
        management.MapPricesApi();
        return management;
    }
}
