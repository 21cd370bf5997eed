using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Routing;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Keeps models without a price away from budgets: a model that costs nothing would never be refused by one, so a key
/// with a budget (its own or an ancestor's) may not use it unless the tenant says so (<c>allow_unpriced_models</c>
/// in <c>/x/settings</c>). Keys without a budget anywhere in their chain use unpriced models at no cost.
/// </summary>
internal static class UnpricedModels
{
    /// <summary>
    /// Checks the request's model and takes unpriced fallbacks out of <paramref name="plan"/>.
    /// </summary>
    /// <returns>The unpriced model to name in a 403, or null when the request may go on.</returns>
    public static string? Refuse(PriceTable prices, TenantVault vault, List<LimitScope> callerScopes, string model, List<PlannedAttempt> plan)
    {
        if (vault.AllowUnpricedModels || !callerScopes.Exists(s => s.Budget is not null))
        {
            return null;
        }

        if (prices.Find(model, vault.Prices) is null)
        {
            return model;
        }

        var unpriced = plan.Find(p => prices.Find(p.Model, vault.Prices) is null);
        plan.RemoveAll(p => prices.Find(p.Model, vault.Prices) is null);
        return plan.Count == 0 ? unpriced?.Model : null;
    }

    /// <summary>403 in OpenAI's envelope, code <c>model_not_priced</c>, naming the model and both ways out.</summary>
    public static Task WriteRefusalAsync(HttpContext context, string model) =>
        OpenAIErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "permission_error", "model_not_priced",
            $"The model '{model}' has no price, and this key has a budget (its own or a parent key's) that it could not be charged to. " +
            $"A tenant admin can price it with PUT /x/prices {{\"models\":{{\"{model}\":{{\"input\":..., \"output\":...}}}}}} (USD per 1M tokens), " +
            "or let budgeted keys use unpriced models at no cost with PUT /x/settings {\"allow_unpriced_models\":true}.");
}
