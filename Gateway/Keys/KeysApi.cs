using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Regions;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Keys;

/// <summary>Key rotation, the passphrase and console sessions under <c>/x</c>.</summary>
internal static class KeysApi
{
    /// <summary>Routes that need a key with manage permission.</summary>
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder management)
    {
        management.MapPost("/keys/self/rotate", RotateSelfAsync).WithTags("Keys").WithName("RotateRootKey")
            .WithSummary("Issues a new root key and revokes the calling one.");
        management.MapPost("/passphrase", SetPassphraseAsync).WithTags("Keys").WithName("SetPassphrase")
            .WithSummary("Adds an Argon2id passphrase slot for console login.");
        return management;
    }

    /// <summary><c>POST /x/session</c>: the login, so it takes no access key.</summary>
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/x/session", OpenSessionAsync).AddEndpointFilter<HomeRegionHeaderFilter>().WithTags("Keys").WithName("OpenSession")
            .WithSummary("Opens a short-lived console session with the tenant's passphrase.");
        return app;
    }

    /// <summary>The body is optional: <c>{"rekey_pools": true}</c> re-keys every pool the root holds first.</summary>
    public static async Task<Results<Ok<RotatedKeyResponse>, ProblemHttpResult>> RotateSelfAsync(HttpContext context, KeyAdministration keys, CancellationToken cancellationToken)
    {
        var rekeyPools = false;
        if (Pools.PoolsApi.HasBody(context.Request))
        {
            var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.RotateRequest, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            rekeyPools = body!.RekeyPools ?? false;
        }

        return await keys.RotateRootAsync(context.GetCaller(), rekeyPools);
    }

    public static async Task<Results<Created<PassphraseResponse>, ProblemHttpResult>> SetPassphraseAsync(
        HttpContext context, KeyAdministration keys, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.PassphraseRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (KeyAdministration.ValidatePassphrase(body!.Passphrase) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        return await keys.SetPassphraseAsync(context.GetCaller(), body.Passphrase!, cancellationToken);
    }

    public static async Task<Results<Created<SessionResponse>, ProblemHttpResult>> OpenSessionAsync(
        HttpContext context, KeyAdministration keys, ClientAddresses clients, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadSmallAsync(context.Request, ApiJsonContext.Default.SessionRequest, JsonBody.UnauthenticatedMaxBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Tenant))
        {
            return Problems.BadRequest("'tenant' is required.");
        }

        if (string.IsNullOrEmpty(body.Passphrase) || body.Passphrase.Length > PassphraseHasher.MaxPassphraseBytes)
        {
            return Problems.BadRequest("'passphrase' is required.");
        }

        return await keys.OpenSessionAsync(body.Tenant, body.Passphrase, clients.BudgetKey(context), cancellationToken);
    }
}
