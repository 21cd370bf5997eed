using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Keys;

/// <summary><c>/x/keys</c>: sub-account keys with their policies.</summary>
internal static class SubKeysApi
{
    public static RouteGroupBuilder MapSubKeysApi(this IEndpointRouteBuilder management)
    {
        var group = management.MapGroup("/keys").WithTags("Keys");
        group.MapPost("", CreateAsync).WithName("CreateKey").WithSummary("Creates a sub-account key no wider than the caller.");
        group.MapGet("", ListAsync).WithName("ListKeys").WithSummary("Lists the caller's subtree of keys (metadata only).");
        group.MapGet("/{id}", GetAsync).WithName("GetKey").WithSummary("Reads a key of the caller's subtree, or the caller itself.");
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateKey").WithSummary("Changes a key's policy within the caller's own.");
        group.MapDelete("/{id}", DeleteAsync).WithName("RevokeKey").WithSummary("Revokes a key and its whole subtree (never the root key: 409).");
        group.MapPost("/{id}/rotate", RotateAsync).WithName("RotateKey").WithSummary("Gives a key a new secret, same policy.");
        return group;
    }

    public static async Task<Results<Created<KeyResponse>, ProblemHttpResult>> CreateAsync(HttpContext context, SubKeyAdministration keys, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.KeyRequest, cancellationToken);
        return problem ?? (Results<Created<KeyResponse>, ProblemHttpResult>)await keys.CreateAsync(context.GetCaller(), body!);
    }

    public static async Task<Ok<ListResponse<KeyResponse>>> ListAsync(HttpContext context, SubKeyAdministration keys) =>
        TypedResults.Ok(new ListResponse<KeyResponse>([.. (await keys.ListSubtreeAsync(context.GetCaller())).Select(k => KeyResponse.From(k))]));

    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, SubKeyAdministration keys, IGrainFactory grains)
    {
        if (await keys.FindAsync(context.GetCaller(), id, allowSelf: true) is not { } record)
        {
            return SubKeyAdministration.NotFound(id);
        }

        var budget = record.EffectivePolicy.Budget;
        var status = budget is null ? null
            : await grains.GetGrain<IRateLimiterGrain>(GrainKeys.RateLimiter(record.TenantId, Limits.LimitScopes.Key(record.KeyId))).GetBudgetAsync(budget);
        return TypedResults.Ok(KeyResponse.From(record, budgetStatus: status));
    }

    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> UpdateAsync(string id, HttpContext context, SubKeyAdministration keys, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.KeyRequest, cancellationToken);
        return problem ?? (Results<Ok<KeyResponse>, ProblemHttpResult>)await keys.UpdateAsync(context.GetCaller(), id, body!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, SubKeyAdministration keys)
    {
        if (SubKeyAdministration.IsOwnRoot(context.GetCaller(), id))
        {
            return SubKeyAdministration.RootRevocationRefused();
        }

        return await keys.RevokeAsync(context.GetCaller(), id) ? TypedResults.NoContent() : SubKeyAdministration.NotFound(id);
    }

    public static Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RotateAsync(string id, HttpContext context, SubKeyAdministration keys) =>
        keys.RotateAsync(context.GetCaller(), id);
}
