using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Policies;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Settings;
using XaiRouter.Gateway.Usage;
using XaiRouter.Grains.Abstractions.Usage;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The request pipeline of the OpenAI-compatible routes.
/// </summary>
/// <remarks>
/// 1. authenticate: the access key (401/429/403 in OpenAI's envelope).
/// 2. authorize: the endpoint and the client address against the policy of the key and its ancestors (403).
/// 3. read the body just far enough to know the model (400 malformed or no model, 413 too large); resolve the
///    tenant's alias and check the model against the policies (403); find the candidate provider keys serving it
///    in pools the key may use and holds slots for (404 if none).
/// 3b. admit: the limits and budgets of the key and its ancestors, then of the first candidate whose own limits
///    admit it (429 otherwise, with <c>Retry-After</c>; <c>x-ratelimit-*</c> headers on every answer).
/// 5. unlock: decrypt that provider key into a pinned buffer.
/// 6. forward: stream the request and the response (SSE flushed as it comes) through YARP's forwarder; the
///    idle timeout restarts with every byte.
/// 7. settle: price the request, queue its usage record for the tenant's ledger (sent off the request path), and
///    replace its reservations (tokens, budget) with what it used.
/// 8. wipe: the plaintext buffer is zeroed in <c>finally</c>; the header string the HTTP client needs is made last.
/// </remarks>
internal sealed partial class ForwardingPipeline(
    IHttpForwarder forwarder,
    UpstreamHttpClient upstream,
    AccessKeyAuthenticator authenticator,
    IGrainFactory grains,
    ProviderKeySelector selector,
    ClientAddresses clients,
    UsageReporter reporter,
    AdmissionController admissions,
    IOptions<LimitsOptions> limits,
    PriceTable prices,
    TokenEstimator estimator,
    TimeProvider timeProvider,
    IOptions<UpstreamOptions> options,
    ILogger<ForwardingPipeline> logger)
{
    private readonly ForwarderRequestConfig _requestConfig = new() { ActivityTimeout = options.Value.IdleTimeout };
    private readonly long _maxBody = options.Value.MaxRequestBodySize;
    private readonly long _defaultMaxTokens = limits.Value.DefaultMaxTokens;

    /// <param name="context">The client's request.</param>
    /// <param name="endpoint">The endpoint's name in key policies, e.g. <c>chat</c>.</param>
    /// <param name="upstreamPath">The path under the provider's base URL, e.g. <c>/chat/completions</c>.</param>
    public async Task ForwardAsync(HttpContext context, string endpoint, string upstreamPath)
    {
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();

        // Step 1.
        var authentication = await authenticator.AuthenticateAsync(context);
        if (await CompatibilityApi.WriteOpenAIRefusalAsync(context, authentication))
        {
            return;
        }

        var caller = authentication.Key!;

        // Step 2.
        if ((KeyPolicyChecks.Endpoint(caller, endpoint) ?? KeyPolicyChecks.Address(caller, clients.Resolve(context))) is { } refused)
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
            await TooLargeAsync(context);
            return;
        }

        ScannedRequestBody body;
        try
        {
            body = await ScannedRequestBody.ReadUntilModelAsync(context.Request.Body, _maxBody, context.RequestAborted);
        }
        catch (InvalidRequestBodyException exception)
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", null, exception.Message);
            return;
        }
        catch (RequestBodyTooLargeException)
        {
            await TooLargeAsync(context);
            return;
        }

        await using (body)
        {
            if (body.Model is null)
            {
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", "missing_required_parameter",
                    "You must provide a model parameter.");
                return;
            }

            // Step 4 begins: the model.
            var vault = caller.Tenant ?? await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId)).GetVaultAsync();
            var model = ModelAliases.Resolve(vault!.ModelAliases, body.Model);
            if (KeyPolicyChecks.Model(caller, model) is { } notAllowed)
            {
                await Forbidden(context, notAllowed);
                return;
            }

            var candidates = ProviderKeySelector.Candidates(await selector.UsableKeysAsync(caller, vault), model);
            if (candidates.Count == 0)
            {
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found",
                    $"The model '{body.Model}' does not exist or you do not have access to it.");
                return;
            }

            // Step 3 (admit), now that the model and the candidates are known.
            var callerScopes = LimitScopeBuilder.ForCaller(caller, model);
            var demand = await DemandAsync(context, caller, vault, body, model, endpoint, callerScopes, candidates);
            if (demand is null)
            {
                return;
            }

            var admission = new RequestAdmission(admissions, demand.Value);
            RateLimitHeaders.Apply(context.Response, admission);
            if (!await admission.AdmitAllAsync(callerScopes))
            {
                await LimitRefusals.WriteAsync(context, admission.Refused!, providerKeys: false);
                return;
            }

            var chosen = await FirstAdmittedAsync(admission, candidates, model);
            if (chosen is null)
            {
                await admission.SettleAsync(0, 0m);
                await LimitRefusals.WriteAsync(context, admission.Refused!, providerKeys: true);
                return;
            }

            long usedTokens = 0;
            var cost = 0m;
            try
            {
                if (!string.Equals(model, body.Model, StringComparison.Ordinal))
                {
                    body.ReplaceModel(model);
                }

                if (endpoint == "chat")
                {
                    // A streamed chat reports usage only when asked; ask for it, and hide the answer if the client did not.
                    body.RequestStreamUsage();
                }

                var (tokens, answerText, firstByteAt) = await ForwardToAsync(context, caller, chosen, body, upstreamPath);

                // Step 7: off the request path, the reporter carries the record to the tenant's ledger. Without the
                // upstream's usage, an answered request is estimated with the tokenizer.
                var counted = tokens ?? (answerText is null ? default : new TokenUsage(estimator.Estimate(body.Text), 0, estimator.Estimate(answerText), 0));
                usedTokens = counted.Input + counted.Output;
                cost = (prices.Find(model, vault.Prices)?.Cost(counted.Input, counted.CachedInput, counted.Output) ?? 0m) * caller.PriceMultiplier;
                reporter.Report(new UsageRecord(RequestIds.Of(context)!, caller.TenantId, caller.Record.KeyId, model, chosen.Id, startedAt,
                    context.Response.StatusCode, counted.Input, counted.CachedInput, counted.Output, counted.Reasoning, Estimated: tokens is null && answerText is not null,
                    cost, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
                    firstByteAt == 0 ? null : (long)timeProvider.GetElapsedTime(started, firstByteAt).TotalMilliseconds, admission.BudgetWarning));
            }
            finally
            {
                // Reserved tokens and budget are replaced by what was used (nothing, if the request failed).
                await admission.SettleAsync(usedTokens, cost);
            }
        }
    }

    /// <summary>
    /// What the request asks of its limits. Only when a scope limits tokens or has a budget is the whole body read,
    /// to count its prompt with the tokenizer and find its <c>max_tokens</c>; otherwise nothing is estimated.
    /// </summary>
    /// <returns>The demand, or <see langword="null"/> when the body turned out bad (the answer is written).</returns>
    private async Task<LimitDemand?> DemandAsync(HttpContext context, Vault.UnlockedKey caller, TenantVault vault, ScannedRequestBody body, string model,
        string endpoint, List<LimitScope> callerScopes, List<ProviderKeyRecord> candidates)
    {
        var requestId = RequestIds.Of(context)!;
        static bool NeedsEstimate(LimitScope scope) => scope.Limits?.LimitsTokens == true || scope.Budget is not null;
        if (!callerScopes.Any(NeedsEstimate) && !candidates.Any(c => c.Limits is { } limits && (limits.LimitsTokens || limits.PerModel is not null)))
        {
            return new LimitDemand(requestId, 0, 0m);
        }

        try
        {
            await body.ReadToEndAsync(context.RequestAborted);
        }
        catch (InvalidRequestBodyException exception)
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", null, exception.Message);
            return null;
        }
        catch (RequestBodyTooLargeException)
        {
            await TooLargeAsync(context);
            return null;
        }

        var input = estimator.EstimatePrompt(body.Text);
        var output = body.MaxTokens ?? (endpoint == "embeddings" ? 0 : _defaultMaxTokens);
        var reserve = (prices.Find(model, vault.Prices)?.Cost(input, 0, output) ?? 0m) * caller.PriceMultiplier;
        return new LimitDemand(requestId, input + output, reserve);
    }

    /// <summary>The first candidate whose own limits admit the request: a saturated provider key is skipped.</summary>
    private static async Task<ProviderKeyRecord?> FirstAdmittedAsync(RequestAdmission admission, List<ProviderKeyRecord> candidates, string model)
    {
        foreach (var candidate in candidates)
        {
            if (await admission.AdmitAllAsync(LimitScopeBuilder.ForProviderKey(candidate, model)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <returns>
    /// The tokens the upstream reported, if it answered with usage; the answer's text when it answered successfully;
    /// and when its first body byte came (0: none).
    /// </returns>
    private async Task<(TokenUsage? Tokens, Usage.TextSample? AnswerText, long FirstByteAt)> ForwardToAsync(HttpContext context, Vault.UnlockedKey caller, ProviderKeyRecord chosen, ScannedRequestBody body, string upstreamPath)
    {
        // Step 5.
        var upstreamUri = new Uri(chosen.BaseUrl.TrimEnd('/') + upstreamPath + context.Request.QueryString);
        ForwarderError error;
        using (var plaintext = caller.DecryptProviderKey(chosen))
        {
            var credential = plaintext is null ? null : UpstreamCredential.Create(chosen.Provider, plaintext.Span);
            if (credential is null)
            {
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status502BadGateway, "api_error", "provider_key_unavailable",
                    "The provider key for this model cannot be opened with this key.");
                return (null, null, 0);
            }

            // Step 6. The scanned body stands in for the client's; its length may change (alias rewrite), so it goes
            // chunked. Step 8: the buffer is wiped when this block ends, and the header string the HTTP client needs
            // is made from it directly and wiped in place once the exchange is over.
            context.Request.Body = body;
            context.Request.ContentLength = null;
            var clientBody = context.Response.Body;
            await using var tap = new UsageTap(clientBody, context.Response, () => body.UsageInjected, timeProvider);
            context.Response.Body = tap;
            try
            {
                error = await forwarder.SendAsync(context, chosen.BaseUrl, upstream.Invoker, _requestConfig,
                    new UpstreamTransformer(chosen.Provider, credential, upstreamUri));
                if (error == ForwarderError.None)
                {
                    await tap.CompleteAsync(context.RequestAborted);
                    var answered = context.Response.StatusCode < 300;
                    return (answered ? tap.Usage : null, answered ? tap.Text : null, tap.FirstByteAt);
                }
            }
            finally
            {
                context.Response.Body = clientBody;
                UpstreamCredential.Wipe(credential);
            }
        }

        LogForwardingFailed(logger, chosen.Id, error);
        if (context.Response.HasStarted)
        {
            // YARP has reset the response, so the client sees a failed stream, never a truncated success.
            return (null, null, 0);
        }

        context.Response.Clear();
        switch (body.Failure)
        {
            case InvalidRequestBodyException invalid:
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", null, invalid.Message);
                break;
            case RequestBodyTooLargeException:
                await TooLargeAsync(context);
                break;
            default:
                if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
                {
                    return (null, null, 0);
                }

                var timedOut = error == ForwarderError.RequestTimedOut;
                await OpenAIErrors.WriteAsync(context, timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway, "api_error",
                    timedOut ? "upstream_timeout" : "upstream_error",
                    timedOut ? "The upstream provider did not answer in time." : "The upstream provider could not be reached.");
                break;
        }

        return (null, null, 0);
    }

    public static Task Forbidden(HttpContext context, string rule) =>
        OpenAIErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "permission_error", "permission_denied", rule);

    private Task TooLargeAsync(HttpContext context) => OpenAIErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "invalid_request_error",
        "request_too_large", $"The request body is larger than {_maxBody} bytes.");

    [LoggerMessage(EventId = EventIds.ForwardingFailed, EventName = nameof(EventIds.ForwardingFailed), Level = LogLevel.Warning,
        Message = "Forwarding to provider key {ProviderKeyId} failed: {Error}")]
    private static partial void LogForwardingFailed(ILogger logger, string providerKeyId, ForwarderError error);
}
