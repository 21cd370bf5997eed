using XaiRouter.Gateway.Regions;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Tenants;

namespace XaiRouter.Gateway.Apis;

/// <summary><c>POST /x/claim</c>: the tenant's first step, so it takes no access key, only the claim token.</summary>
internal static class ClaimApi
{
    public static IEndpointRouteBuilder MapClaimApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/x/claim", ClaimAsync).AddEndpointFilter<HomeRegionHeaderFilter>().WithTags("Tenants").WithName("ClaimTenant")
            .WithSummary("Turns the tenant's single-use claim token into its root access key (shown once).");
        return app;
    }

    public static async Task<Results<Created<ClaimResponse>, ProblemHttpResult>> ClaimAsync(
        HttpContext context, TenantClaims claims, ClientAddresses clients, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadSmallAsync(context.Request, ApiJsonContext.Default.ClaimRequest, JsonBody.UnauthenticatedMaxBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.ClaimToken))
        {
            return Problems.BadRequest("'claim_token' is required.");
        }

        return await claims.ClaimAsync(body.ClaimToken, clients.BudgetKey(context));
    }
}
