using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Settings;

/// <summary><c>/x/settings</c>: per-tenant settings (model aliases so far).</summary>
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
        var vault = await Tenant(grains, context).GetVaultAsync();
        return TypedResults.Ok(new SettingsResponse(vault?.ModelAliases ?? ImmutableDictionary<string, string>.Empty));
    }

    public static async Task<Results<Ok<SettingsResponse>, ProblemHttpResult>> PutAsync(HttpContext context, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.SettingsRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.ModelAliases is { } aliases)
        {
            if (ModelAliases.Validate(aliases) is { } invalid)
            {
                return Problems.BadRequest(invalid);
            }

            await Tenant(grains, context).SetModelAliasesAsync(aliases.ToImmutableDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal));
        }

        return TypedResults.Ok(new SettingsResponse((await Tenant(grains, context).GetVaultAsync())!.ModelAliases));
    }

    private static ITenantGrain Tenant(IGrainFactory grains, HttpContext context) =>
        grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(context.GetCaller().TenantId));
}
