using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary><c>/x/prices</c>: the tenant's price table.</summary>
internal static class PricesApi
{
    public const decimal MaxPrice = 1_000_000m;

    public static IEndpointRouteBuilder MapPricesApi(this IEndpointRouteBuilder management)
    {
        management.MapGet("/prices", GetAsync).WithTags("Usage").WithName("GetPrices").WithSummary("The effective price table.");
        management.MapPut("/prices", PutAsync).WithTags("Usage").WithName("PutPrices").WithSummary("Sets the tenant's own prices.");
        return management;
    }

    public static async Task<Ok<PricesResponse>> GetAsync(HttpContext context, IGrainFactory grains, PriceTable prices)
    {
        var vault = await Tenant(grains, context).GetVaultAsync();
        return TypedResults.Ok(new PricesResponse(prices.Effective(vault!.Prices)));
    }

    public static async Task<Results<Ok<PricesResponse>, ProblemHttpResult>> PutAsync(HttpContext context, IGrainFactory grains, PriceTable prices, CancellationToken cancellationToken)
    {
        if (TenantAuthority.RequireTenantAdmin(context.GetCaller()) is { } forbidden)
        {
            return forbidden;
        }

        var (body, problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.PricesRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Models is not { Count: > 0 and <= 1024 } models)
        {
            return Problems.BadRequest("'models' must map 1 to 1024 model names to prices.");
        }

        var changes = ImmutableDictionary.CreateBuilder<string, ModelPriceRecord?>(StringComparer.Ordinal);
        foreach (var (model, price) in models)
        {
            if (!InputRules.IsModelName(model))
            {
                return Problems.BadRequest($"'models' has an invalid model name '{model}'.");
            }

            if (price is not null && (!Valid(price.Input) || !Valid(price.Output) || (price.CachedInput is not null && !Valid(price.CachedInput))
                || (price.CacheWrite is not null && !Valid(price.CacheWrite))))
            {
                return Problems.BadRequest(
                    $"'models.{model}' needs 'input' and 'output' (and may have 'cached_input' and 'cache_write'), each between 0 and {MaxPrice} USD per 1M tokens.");
            }

            changes[model] = price is null ? null : new ModelPriceRecord(price.Input!.Value, price.CachedInput, price.Output!.Value, price.CacheWrite);
        }

        await Tenant(grains, context).SetPricesAsync(changes.ToImmutable());
        var vault = await Tenant(grains, context).GetVaultAsync();
        return TypedResults.Ok(new PricesResponse(prices.Effective(vault!.Prices)));
    }

    private static bool Valid(decimal? price) => price is >= 0 and <= MaxPrice;

    private static ITenantGrain Tenant(IGrainFactory grains, HttpContext context) =>
        grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(context.GetCaller().TenantId));
}
