using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Pools;

/// <summary><c>/x/pools</c>: groups of provider keys sharing one pool key.</summary>
internal static class PoolsApi
{
    public static RouteGroupBuilder MapPoolsApi(this IEndpointRouteBuilder management)
    {
        var group = management.MapGroup("/pools").WithTags("Pools");
        group.MapPost("", CreateAsync).WithName("CreatePool").WithSummary("Creates a pool; the calling key gets its slot.");
        group.MapGet("", ListAsync).WithName("ListPools").WithSummary("Lists the tenant's pools.");
        group.MapPost("/{name}/rekey", RekeyAsync).WithName("RekeyPool").WithSummary("Gives a pool a new key and re-encrypts its provider keys.");
        return group;
    }

    public static async Task<Results<Created<PoolResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, PoolAdministration pools, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.PoolRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (InputRules.PoolName(body!.Name, "name") is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        return await pools.CreateAsync(context.GetCaller(), body.Name!);
    }

    public static async Task<Ok<ListResponse<PoolResponse>>> ListAsync(HttpContext context, PoolAdministration pools) =>
        TypedResults.Ok(new ListResponse<PoolResponse>(await pools.ListAsync(context.GetCaller())));

    public static async Task<Results<Ok<RekeyResponse>, ProblemHttpResult>> RekeyAsync(string name, HttpContext context, PoolAdministration pools) =>
        InputRules.PoolName(name, "name") is null
            ? await pools.RekeyAsync(context.GetCaller(), name)
            : Problems.NotFound($"No pool is named '{name}'.");
}
