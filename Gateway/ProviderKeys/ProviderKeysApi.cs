using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.ProviderKeys;

/// <summary><c>/x/provider-keys</c>: a tenant's upstream keys. Responses never contain a key, only its fingerprint.</summary>
internal static class ProviderKeysApi
{
    public static RouteGroupBuilder MapProviderKeysApi(this IEndpointRouteBuilder management)
    {
        var group = management.MapGroup("/provider-keys").WithTags("Provider keys");
        group.MapPost("", CreateAsync).WithName("CreateProviderKey").WithSummary("Adds a provider key, encrypted under its pool key.");
        group.MapGet("", ListAsync).WithName("ListProviderKeys").WithSummary("Lists the tenant's provider keys.");
        group.MapGet("/{id}", GetAsync).WithName("GetProviderKey").WithSummary("Reads one provider key's metadata.");
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateProviderKey").WithSummary("Changes metadata, the key or its pool.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteProviderKey").WithSummary("Deletes a provider key.");
        return group;
    }

    public static async Task<Results<Created<ProviderKeyResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, ProviderKeyAdministration keys, VaultWriteGate gate, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.ProviderKeyRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (ProviderKeyValidation.Validate(body!, creating: true) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        if (await keys.CheckBaseUrlAsync(body!.BaseUrl, cancellationToken) is { } refused)
        {
            return refused;
        }

        // Serialized with re-keys: a key sealed under a pool version a concurrent re-key is retiring would be stranded.
        var (hold, busy) = await gate.EnterAsync(context.GetCaller());
        if (busy is not null)
        {
            return busy;
        }

        await using (hold)
        {
            return await keys.CreateAsync(context.GetCaller(), body!);
        }
    }

    public static async Task<Ok<ListResponse<ProviderKeyResponse>>> ListAsync(HttpContext context, ProviderKeyAdministration keys)
    {
        var records = await keys.ListAsync(context.GetCaller());
        var health = await Task.WhenAll(records.Select(keys.HealthAsync));
        return TypedResults.Ok(new ListResponse<ProviderKeyResponse>([.. records.Select((r, i) => ProviderKeyResponse.From(r, health[i]))]));
    }

    public static async Task<Results<Ok<ProviderKeyResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, ProviderKeyAdministration keys) =>
        await keys.GetAsync(context.GetCaller(), id) is { } record
            ? TypedResults.Ok(ProviderKeyResponse.From(record, await keys.HealthAsync(record)))
            : ProviderKeyAdministration.NotFound(id);

    public static async Task<Results<Ok<ProviderKeyResponse>, ProblemHttpResult>> UpdateAsync(
        string id, HttpContext context, ProviderKeyAdministration keys, VaultWriteGate gate, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.ProviderKeyRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (ProviderKeyValidation.Validate(body!, creating: false) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        if (await keys.CheckBaseUrlAsync(body!.BaseUrl, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (hold, busy) = await gate.EnterAsync(context.GetCaller());
        if (busy is not null)
        {
            return busy;
        }

        await using (hold)
        {
            return await keys.UpdateAsync(context.GetCaller(), id, body!);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, ProviderKeyAdministration keys, VaultWriteGate gate)
    {
        var (hold, busy) = await gate.EnterAsync(context.GetCaller());
        if (busy is not null)
        {
            return busy;
        }

        await using (hold)
        {
            return await keys.DeleteAsync(context.GetCaller(), id);
        }
    }
}
