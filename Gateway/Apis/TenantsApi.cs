using XaiRouter.Gateway.Regions;
using XaiRouter.Gateway.Vault;
using XaiRouter.Gateway.Tenants;

namespace XaiRouter.Gateway.Apis;

/// <summary>The operator API for tenants, under <c>/admin/tenants</c>: metadata and claim tokens, never a tenant's keys.</summary>
internal static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this IEndpointRouteBuilder operatorApi)
    {
        var group = operatorApi.MapGroup("/tenants").WithTags("Operator");

        group.MapPost("", CreateTenantAsync).WithName("CreateTenant").WithSummary("Creates a tenant.");
        group.MapGet("", ListTenantsAsync).WithName("ListTenants").WithSummary("Lists every tenant's metadata.");
        group.MapGet("/{id}", GetTenantAsync).WithName("GetTenant").WithSummary("Reads one tenant's metadata.");
        group.MapPost("/{id}/disable", DisableTenantAsync).AddEndpointFilter<TenantRouteHomeFilter>().WithName("DisableTenant").WithSummary("Disables a tenant: its keys stop working.");
        group.MapPost("/{id}/enable", EnableTenantAsync).AddEndpointFilter<TenantRouteHomeFilter>().WithName("EnableTenant").WithSummary("Enables a disabled tenant.");
        group.MapPost("/{id}/claim-token", ReissueClaimTokenAsync).AddEndpointFilter<TenantRouteHomeFilter>().WithName("ReissueClaimToken")
            .WithSummary("Issues a new claim token for a tenant not yet claimed; the previous one stops working.");
        return group;
    }

    public static async Task<Results<Created<TenantResponse>, ProblemHttpResult>> CreateTenantAsync(
        HttpRequest request, TenantAdministration tenants, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.CreateTenantRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (DisplayName.Validate(body!.Name) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        var (tenant, claimToken) = await tenants.CreateAsync(body.Name!, cancellationToken);
        return TypedResults.Created($"/admin/tenants/{tenant.Id}", TenantResponse.From(tenant, claimToken));
    }

    public static async Task<Ok<ListResponse<TenantResponse>>> ListTenantsAsync(TenantAdministration tenants, CancellationToken cancellationToken)
    {
        var list = await tenants.ListAsync(cancellationToken);
        var data = new TenantResponse[list.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = TenantResponse.From(list[i]);
        }

        return TypedResults.Ok(new ListResponse<TenantResponse>(data));
    }

    public static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetTenantAsync(string id, TenantAdministration tenants) =>
        ToResult(id, RandomIds.IsTenantId(id) ? await tenants.GetAsync(id) : null);

    public static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> DisableTenantAsync(string id, TenantAdministration tenants) =>
        SetStatusAsync(id, TenantStatus.Disabled, tenants);

    public static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> EnableTenantAsync(string id, TenantAdministration tenants) =>
        SetStatusAsync(id, TenantStatus.Active, tenants);

    public static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> ReissueClaimTokenAsync(string id, TenantAdministration tenants)
    {
        var (status, tenant, claimToken) = RandomIds.IsTenantId(id) ? await tenants.ReissueClaimTokenAsync(id) : (ClaimStatus.Unknown, null, null);
        return status switch
        {
            ClaimStatus.Pending => TypedResults.Ok(TenantResponse.From(tenant!, claimToken)),
            ClaimStatus.AlreadyClaimed => Problems.Conflict($"Tenant '{id}' has claimed its root key already; a claim token is of no use any more."),
            _ => Problems.NotFound($"No tenant has the id '{id}'."),
        };
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SetStatusAsync(string id, TenantStatus status, TenantAdministration tenants) =>
        ToResult(id, RandomIds.IsTenantId(id) ? await tenants.SetStatusAsync(id, status) : null);

    private static Results<Ok<TenantResponse>, ProblemHttpResult> ToResult(string id, TenantInfo? tenant) =>
        tenant is null
            ? Problems.NotFound($"No tenant has the id '{id}'.")
            : TypedResults.Ok(TenantResponse.From(tenant));
}
