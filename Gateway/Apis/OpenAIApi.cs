using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.ProviderKeys;
using XaiRouter.Gateway.Security;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// The OpenAI-compatible routes: four forwarded endpoints and the model list. The model list answers in Anthropic's
/// shape (and envelope) when the request carries <c>anthropic-version</c>, as Anthropic's SDKs send it.
/// </summary>
internal static class OpenAIApi
{
    public static IEndpointRouteBuilder MapOpenAIApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("OpenAI");
        v1.MapPost("/chat/completions", static (HttpContext context, ForwardingPipeline pipeline) => pipeline.ForwardAsync(context, ClientRoute.Chat));
        v1.MapPost("/completions", static (HttpContext context, ForwardingPipeline pipeline) => pipeline.ForwardAsync(context, ClientRoute.Completions));
        v1.MapPost("/embeddings", static (HttpContext context, ForwardingPipeline pipeline) => pipeline.ForwardAsync(context, ClientRoute.Embeddings));
        v1.MapPost("/responses", static (HttpContext context, ForwardingPipeline pipeline) => pipeline.ForwardAsync(context, ClientRoute.Responses));
        v1.MapGet("/models", ListModelsAsync);
        v1.MapGet("/models/{**id}", GetModelAsync);
        return app;
    }

    /// <summary>The union of the models the caller may use: its provider keys' models and the tenant's exact aliases.</summary>
    public static async Task ListModelsAsync(HttpContext context, AccessKeyAuthenticator authenticator, Routing.AttemptPlanner planner, ClientAddresses clients, IGrainFactory grains)
    {
        var page = AnthropicClient(context) ? AnthropicModelPage.FromQuery(context.Request.Query) : null;
        if (await ModelsAsync(context, authenticator, planner, clients, grains) is not { } models)
        {
            return;
        }

        context.Response.ContentType = "application/json";
        if (page is null)
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, new ListResponse<ModelObject>([.. models.Values]),
                CompatJsonContext.Default.ListResponseModelObject, context.RequestAborted);
        }
        else if (page.Error is { } invalid)
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", null, invalid);
        }
        else
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, page.Select(models), CompatJsonContext.Default.AnthropicModelList, context.RequestAborted);
        }
    }

    public static async Task GetModelAsync(string id, HttpContext context, AccessKeyAuthenticator authenticator, Routing.AttemptPlanner planner, ClientAddresses clients, IGrainFactory grains)
    {
        if (await ModelsAsync(context, authenticator, planner, clients, grains) is not { } models)
        {
            return;
        }

        if (!models.TryGetValue(id, out var model))
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found",
                $"The model '{id}' does not exist or you do not have access to it.");
            return;
        }

        context.Response.ContentType = "application/json";
        if (AnthropicClient(context))
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, AnthropicModelPage.Info(model), CompatJsonContext.Default.AnthropicModelInfo, context.RequestAborted);
            return;
        }

        await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, model, CompatJsonContext.Default.ModelObject, context.RequestAborted);
    }

    /// <summary>Whether the caller speaks Anthropic's API (its SDKs always send <c>anthropic-version</c>); if so, its errors are Anthropic's too.</summary>
    private static bool AnthropicClient(HttpContext context)
    {
        if (!context.Request.Headers.ContainsKey("anthropic-version"))
        {
            return false;
        }

        ClientRoute.Messages.Set(context);
        return true;
    }

    /// <returns>The caller's models by id, or null when the refusal was written.</returns>
    private static async Task<SortedDictionary<string, ModelObject>?> ModelsAsync(HttpContext context, AccessKeyAuthenticator authenticator, Routing.AttemptPlanner planner, ClientAddresses clients, IGrainFactory grains)
    {
        var authentication = await authenticator.AuthenticateAsync(context);
        var refusal = ClientRoute.Of(context).Format == Translation.WireFormat.AnthropicMessages
            ? CompatibilityApi.WriteAnthropicRefusalAsync(context, authentication)
            : CompatibilityApi.WriteOpenAIRefusalAsync(context, authentication);
        if (await refusal)
        {
            return null;
        }

        var caller = authentication.Key!;
        if ((KeyPolicyChecks.Endpoint(caller, "models") ?? KeyPolicyChecks.Address(caller, clients.Resolve(context))) is { } refused)
        {
            await ForwardingPipeline.Forbidden(context, refused);
            return null;
        }

        var vault = caller.Tenant ?? await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId)).GetVaultAsync();
        var models = new SortedDictionary<string, ModelObject>(StringComparer.Ordinal);
        foreach (var key in await planner.UsableAsync(caller, vault!))
        {
            foreach (var model in key.Models.Where(m => KeyPolicyChecks.AllowsModel(caller, m)))
            {
                models.TryAdd(model, new ModelObject(model, key.CreatedAt.ToUnixTimeSeconds(), ProviderNames.ToName(key.Provider)));
            }
        }

        foreach (var (alias, target) in vault!.ModelAliases)
        {
            if (!alias.EndsWith('*') && models.TryGetValue(target, out var served) && KeyPolicyChecks.AllowsModel(caller, alias))
            {
                models.TryAdd(alias, served with { Id = alias });
            }
        }

        return models;
    }
}
