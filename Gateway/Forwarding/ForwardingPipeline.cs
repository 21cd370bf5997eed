using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Routing;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Settings;
using XaiRouter.Gateway.Translation;
using XaiRouter.Gateway.Usage;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The request pipeline of the OpenAI- and Anthropic-compatible routes (<see cref="ClientRoute"/>); every refusal is
/// written in the envelope of the route's clients.
/// </summary>
/// <remarks>
/// 0. refuse with 503 <c>usage_ledger_unavailable</c> while the usage backlog is at <c>Usage:MaxPendingRecords</c>.
/// 1. authenticate: the access key (401/429/403 in OpenAI's envelope).
/// 2. authorize: the endpoint and the client address against the policy of the key and its ancestors (403).
/// 3. read the body just far enough to know the model (400 malformed, not UTF-8, a read field twice or no model,
///    413 too large, 408 too slow: <see cref="ClientInputErrors"/>); resolve the
///    tenant's alias and check the model against the policies (403).
/// 4. route: the failover plan, healthy candidates of the model and its fallbacks in strategy order (404 if no
///    key serves the model, 503 if none is healthy).
/// 5. admit: the limits and budgets of the key and its ancestors (429 with <c>Retry-After</c>; <c>x-ratelimit-*</c>
///    headers on every answer); each attempt also needs its provider key's own limits (a saturated key is skipped).
/// 6. unlock and forward, attempt by attempt (<see cref="AttemptRunner"/>): a connect failure, a header timeout,
///    429 or 5xx before any byte reached the client moves on to the next candidate.
/// 7. settle: price the request, queue its usage record for the tenant's ledger (sent off the request path), and
///    replace its reservations (tokens, budget) with what it used.
/// 8. wipe: each attempt's plaintext provider key is zeroed when the attempt ends.
/// </remarks>
internal sealed class ForwardingPipeline(
    AccessKeyAuthenticator authenticator,
    IGrainFactory grains,
    AttemptPlanner planner,
    AttemptRunner runner,
    ClientAddresses clients,
    UsageReporter reporter,
    AdmissionController admissions,
    IOptions<LimitsOptions> limits,
    PriceTable prices,
    TokenEstimator estimator,
    TimeProvider timeProvider,
    IOptions<UpstreamOptions> options,
    ClientInputErrors inputErrors,
    ReportedUsageCheck usageCheck,
    RequestBodyPool bodyPool)
{
    /// <summary>Bodies up to this size are read whole before forwarding (most chat requests are a few KiB).</summary>
    public const long SmallBody = 256 * 1024;

    private readonly long _maxBody = options.Value.MaxRequestBodySize;
    private readonly long _defaultMaxTokens = limits.Value.DefaultMaxTokens;

    /// <param name="context">The client's request.</param>
    /// <param name="route">The client-facing route: its policy endpoint, its clients' format (and error envelope), its operation.</param>
    public Task ForwardAsync(HttpContext context, ClientRoute route)
    {
        // First of all, so that every refusal below is written in the route's envelope.
        route.Set(context);
        var span = Telemetry.GenAiSpans.StartRequest(route);
        return span is null ? ForwardUntracedAsync(context, route) : ForwardTracedAsync(context, route, span);
    }

    /// <summary>The request in its span (<see cref="Telemetry.GenAiSpans"/>), tagged with what it came to when it ends.</summary>
    private async Task ForwardTracedAsync(HttpContext context, ClientRoute route, System.Diagnostics.Activity span)
    {
        try
        {
            await ForwardUntracedAsync(context, route);
        }
        finally
        {
            Telemetry.GenAiSpans.EndRequest(span, context, RequestLogEntry.Of(context));
        }
    }

    private async Task ForwardUntracedAsync(HttpContext context, ClientRoute route)
    {
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        var anthropicClient = route.Format == WireFormat.AnthropicMessages;

        // Step 0: a request whose usage could not be kept (the ledger's backlog is at its bound) is not served.
        if (reporter.IsFull)
        {
            await UsageLedgerUnavailable.WriteAsync(context, reporter);
            return;
        }

        // Step 1.
        var authentication = await authenticator.AuthenticateAsync(context);
        if (await (anthropicClient ? CompatibilityApi.WriteAnthropicRefusalAsync(context, authentication) : CompatibilityApi.WriteOpenAIRefusalAsync(context, authentication)))
        {
            return;
        }

        var caller = authentication.Key!;

        // Step 2.
        if ((KeyPolicyChecks.Endpoint(caller, route.Endpoint) ?? KeyPolicyChecks.Address(caller, clients.Resolve(context))) is { } refused)
        {
            await Forbidden(context, refused);
            return;
        }

        // Step 3. Our own limit replaces the server's, so an oversized body gets OpenAI's envelope.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        if (context.Request.ContentLength > _maxBody)
        {
            await inputErrors.WriteOpenAIAsync(context, new RequestBodyTooLargeException(_maxBody));
            return;
        }

        ScannedRequestBody body;
        try
        {
            body = await ScannedRequestBody.ReadUntilModelAsync(context.Request.Body, context.Request.ContentLength, _maxBody, bodyPool, context.RequestAborted);
        }
        catch (Exception exception) when (ClientInputErrors.IsClientFault(exception))
        {
            await inputErrors.WriteOpenAIAsync(context, exception);
            return;
        }

        await using (body)
        {
            if (body.Model is null)
            {
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", "missing_required_parameter",
                    anthropicClient ? "model: Field required" : "You must provide a model parameter.");
                return;
            }

            // Anthropic requires max_tokens, whatever serves the request: refused here, before any routing, as Anthropic would.
            if (route == ClientRoute.Messages && !await HasMaxTokensAsync(context, body))
            {
                return;
            }

            var vault = caller.Tenant ?? await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId)).GetVaultAsync();
            var model = ModelAliases.Resolve(vault!.ModelAliases, body.Model);
            RequestLogEntry.Of(context)?.Model = model;
            if (KeyPolicyChecks.Model(caller, model) is { } notAllowed)
            {
                await Forbidden(context, notAllowed);
                return;
            }

            // Step 4.
            var (plan, served) = await planner.PlanAsync(caller, vault, model);
            if (plan.Count == 0)
            {
                await (served ? AttemptRunner.NoHealthyKeyAsync(context) : OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found",
                    $"The model '{body.Model}' does not exist or you do not have access to it."));
                return;
            }

            // Step 5.
            var callerScopes = LimitScopeBuilder.ForCaller(caller, model);
            if (route == ClientRoute.CountTokens)
            {
                await CountTokensAsync(context, caller, body, plan, callerScopes, route);
                return;
            }

            if (UnpricedModels.Refuse(prices, vault, callerScopes, model, plan) is { } unpriced)
            {
                await UnpricedModels.WriteRefusalAsync(context, unpriced);
                return;
            }

            var demand = await DemandAsync(context, caller, vault, body, model, route.Endpoint, callerScopes, plan);
            if (demand is null)
            {
                return;
            }

            var admission = new RequestAdmission(admissions, demand.Value);
            if (callerScopes.Count > 0 || plan.Exists(p => p.ProviderKey.Limits is not null))
            {
                // Only a limited request has windows to show; the others register nothing.
                RateLimitHeaders.Apply(context.Response, admission);
            }
            if (!await admission.AdmitAllAsync(callerScopes))
            {
                await LimitRefusals.WriteAsync(context, admission.Refused!, providerKeys: false);
                return;
            }

            // A second attempt sends the body again: keep it whole in memory when one may come. A small body is kept
            // whole anyway, so it goes upstream with its length in one send rather than chunked. A translation reads
            // the whole body too.
            if ((plan.Count > 1 || context.Request.ContentLength <= SmallBody || NeedsTranslation(plan, route)) && !await ReadWholeBodyAsync(context, body))
            {
                await admission.SettleAsync(0, 0m);
                return;
            }

            long usedTokens = 0;
            var baseCost = 0m;
            try
            {
                // Step 6.
                var outcome = await runner.RunAsync(context, caller, body, plan, admission, route);
                if (outcome.Served is not { } answered)
                {
                    return;
                }

                // Step 7: without the upstream's usage, or with usage that cannot be true, an answered request is
                // estimated with the tokenizer.
                var billed = usageCheck.Decide(outcome.Tokens, outcome.AnswerText, body, (RequestIds.Of(context)!, caller.Record.KeyId, answered.ProviderKey.Id, answered.Model));
                var counted = billed.Tokens;
                usedTokens = counted.Input + counted.Output;
                // The ledger bills the caller at its own price (every multiplier of its chain); each budget of the chain
                // is charged at its own key's price by the settlement below.
                var price = prices.Find(answered.Model, vault.Prices);
                baseCost = price?.Cost(counted.Input, counted.CachedInput, counted.Output, counted.CacheWrite) ?? 0m;
                var cost = baseCost * caller.PriceMultiplier;
                if (RequestLogEntry.Of(context) is { } entry)
                {
                    entry.Settled = true;
                    entry.Tokens = (counted.Input, counted.Output);
                }

                reporter.Report(new UsageRecord(RequestIds.Of(context)!, caller.TenantId, caller.Record.KeyId, answered.Model, answered.ProviderKey.Id, startedAt,
                    context.Response.StatusCode, counted.Input, counted.CachedInput, counted.Output, counted.Reasoning, Estimated: billed.Estimated,
                    cost, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
                    outcome.FirstByteAt == 0 ? null : (long)timeProvider.GetElapsedTime(started, outcome.FirstByteAt).TotalMilliseconds, admission.BudgetWarning,
                    UsageInvalid: billed.Invalid, Unpriced: price is null, CacheWriteTokens: counted.CacheWrite));
            }
            finally
            {
                // Reserved tokens and budget are replaced by what was used (nothing, if the request failed).
                await admission.SettleAsync(usedTokens, baseCost);
            }
        }
    }

    /// <summary>
    /// What the request asks of its limits. Only when a scope limits tokens or has a budget is the whole body read,
    /// to count its prompt with the tokenizer and find its <c>max_tokens</c>; otherwise nothing is estimated.
    /// </summary>
    /// <returns>The demand, or <see langword="null"/> when the body turned out bad (the answer is written).</returns>
    private async Task<LimitDemand?> DemandAsync(HttpContext context, Vault.UnlockedKey caller, TenantVault vault, ScannedRequestBody body, string model,
        string endpoint, List<LimitScope> callerScopes, List<PlannedAttempt> plan)
    {
        var requestId = RequestIds.Of(context)!;
        static bool NeedsEstimate(LimitScope scope) => scope.Limits?.LimitsTokens == true || scope.Budget is not null;
        if (!callerScopes.Any(NeedsEstimate) && !plan.Any(p => p.ProviderKey.Limits is { } limits && (limits.LimitsTokens || limits.PerModel is not null)))
        {
            return new LimitDemand(requestId, 0, 0m);
        }

        if (!await ReadWholeBodyAsync(context, body))
        {
            return null;
        }

        var input = estimator.EstimatePrompt(body.Text);
        var output = body.MaxTokens ?? (endpoint == "embeddings" ? 0 : _defaultMaxTokens);
        var reserve = prices.Find(model, vault.Prices)?.Cost(input, 0, output) ?? 0m;
        return new LimitDemand(requestId, input + output, reserve);
    }

    /// <summary>Whether some candidate of <paramref name="plan"/> speaks another format than the route's clients.</summary>
    private static bool NeedsTranslation(List<PlannedAttempt> plan, ClientRoute route)
    {
        foreach (var attempt in plan)
        {
            if (ProviderKindRules.For(attempt.ProviderKey.Provider).WireFormat != route.Format)
            {
                return true;
            }
        }

        return false;
    }

    /// <returns>Whether the Messages body names a whole <c>max_tokens</c> of at least 1; otherwise Anthropic's 400 is written.</returns>
    private async Task<bool> HasMaxTokensAsync(HttpContext context, ScannedRequestBody body)
    {
        if (!await ReadWholeBodyAsync(context, body))
        {
            return false;
        }

        if (body.MaxTokens is >= 1)
        {
            return true;
        }

        await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", "missing_required_parameter",
            body.MaxTokens is null ? "Field required" : "Input should be greater than or equal to 1", param: "max_tokens");
        return false;
    }

    /// <summary>
    /// <c>/v1/messages/count_tokens</c>: counts the caller's request (its RPM) but reserves no tokens or budget and records
    /// no usage. The first anthropic candidates count natively (with failover among them); without one, the router's
    /// tokenizer estimates the prompt.
    /// </summary>
    private async Task CountTokensAsync(HttpContext context, Vault.UnlockedKey caller, ScannedRequestBody body, List<PlannedAttempt> plan,
        List<LimitScope> callerScopes, ClientRoute route)
    {
        var admission = new RequestAdmission(admissions, new LimitDemand(RequestIds.Of(context)!, 0, 0m));
        if (callerScopes.Count > 0)
        {
            RateLimitHeaders.Apply(context.Response, admission);
        }

        if (!await admission.AdmitAllAsync(callerScopes))
        {
            await LimitRefusals.WriteAsync(context, admission.Refused!, providerKeys: false);
            return;
        }

        try
        {
            var native = plan.FindAll(p => ProviderKindRules.For(p.ProviderKey.Provider) is { WireFormat: WireFormat.AnthropicMessages } rules && rules.Serves(route.Operation));
            if (!await ReadWholeBodyAsync(context, body))
            {
                return;
            }

            if (native.Count > 0)
            {
                await runner.RunAsync(context, caller, body, native, admission, route);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"input_tokens":{{estimator.EstimatePrompt(body.Text)}}}""", context.RequestAborted);
        }
        finally
        {
            await admission.SettleAsync(0, 0m);
        }
    }

    /// <returns>Whether the body is now whole in memory; otherwise the error answer is written.</returns>
    private async Task<bool> ReadWholeBodyAsync(HttpContext context, ScannedRequestBody body)
    {
        try
        {
            await body.ReadToEndAsync(context.RequestAborted);
            return true;
        }
        catch (Exception exception) when (ClientInputErrors.IsClientFault(exception))
        {
            await inputErrors.WriteOpenAIAsync(context, exception);
            return false;
        }
    }

    public static Task Forbidden(HttpContext context, string rule) =>
        OpenAIErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "permission_error", "permission_denied", rule);

    private Task TooLargeAsync(HttpContext context) => TooLargeAsync(context, _maxBody);

    public static Task TooLargeAsync(HttpContext context, long maxBody) => OpenAIErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
        "invalid_request_error", "request_too_large", $"The request body is larger than {maxBody} bytes.");
}
