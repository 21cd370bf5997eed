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

    /// <summary>The body is optional: <c>{"exclude_keys": [...]}</c> names keys to cut off.</summary>
    public static async Task<Results<Ok<RekeyResponse>, ProblemHttpResult>> RekeyAsync(
        string name, HttpContext context, PoolAdministration pools, CancellationToken cancellationToken)
    {
        if (InputRules.PoolName(name, "name") is not null)
        {
            return Problems.NotFound($"No pool is named '{name}'.");
        }

        List<string?> excluded = [];
        if (HasBody(context.Request))
        {
            var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.RekeyRequest, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            excluded = body!.ExcludeKeys ?? [];
            if (excluded.Count > MaxExcludedKeys)
            {
                return Problems.BadRequest($"'exclude_keys' may name at most {MaxExcludedKeys} keys.");
            }
        }

        return await pools.RekeyAsync(context.GetCaller(), name, excluded);
    }

    private const int MaxExcludedKeys = 1000;

    /// <summary>Whether an optional JSON body was sent (a length above zero, or a chunked body).</summary>
    public static bool HasBody(HttpRequest request) => request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
