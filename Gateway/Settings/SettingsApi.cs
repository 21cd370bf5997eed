using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Settings;

/// <summary><c>/x/settings</c>: per-tenant settings: model aliases, routing strategy, fallback chains, unpriced models under budgets.</summary>
internal static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder management)
    {
        management.MapGet("/settings", GetAsync).WithTags("Settings").WithName("GetSettings").WithSummary("Reads the tenant's settings.");
        management.MapPut("/settings", PutAsync).WithTags("Settings").WithName("PutSettings").WithSummary("Changes the tenant's settings.");
        return management;
    }

    public static async Task<Ok<SettingsResponse>> GetAsync(HttpContext context, IGrainFactory grains)
    {
        return TypedResults.Ok(SettingsResponse.From(await Tenant(grains, context).GetVaultAsync()));
    }

    public static async Task<Results<Ok<SettingsResponse>, ProblemHttpResult>> PutAsync(HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (TenantAuthority.RequireTenantAdmin(context.GetCaller()) is { } forbidden)
        {
            return forbidden;
        }

        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.SettingsRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Everything is checked before anything is stored.
        if (body!.ModelAliases is { } aliases && ModelAliases.Validate(aliases) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        var tenant = Tenant(grains, context);
        var (routing, badRouting) = RoutingSettingsReader.Read((await tenant.GetVaultAsync())?.Routing ?? RoutingSettings.Default, body.Routing, body.Fallbacks);
        if (badRouting is not null)
        {
            return Problems.BadRequest(badRouting);
        }

        if (body.ModelAliases is not null)
        {
            await tenant.SetModelAliasesAsync(body.ModelAliases.ToImmutableDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal));
        }

        if (body.Routing is not null || body.Fallbacks is not null)
        {
            await tenant.SetRoutingAsync(routing!);
        }

        if (body.AllowUnpricedModels is { } allowUnpriced)
        {
            await tenant.SetAllowUnpricedModelsAsync(allowUnpriced);
        }

        return TypedResults.Ok(SettingsResponse.From(await tenant.GetVaultAsync()));
    }

    private static ITenantGrain Tenant(IGrainFactory grains, HttpContext context) =>
        grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(context.GetCaller().TenantId));
}
