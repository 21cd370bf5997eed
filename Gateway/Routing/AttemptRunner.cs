using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Translation;
using XaiRouter.Gateway.Usage;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions.Health;
using XaiRouter.Grains.Health;
using XaiRouter.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// Runs a request's failover plan: each attempt takes its provider key's own limits, unlocks that key alone,
/// and forwards. A connect failure, a header timeout, 429 or a 5xx before any byte reached the client moves on to
/// the next candidate (within <c>Routing:MaxAttempts</c> and <c>Routing:Deadline</c>); the last candidate's
/// answer is passed through as it is. Anything else (success, the caller's own 4xx, a failure after the first
/// byte) is final. A 401/403 (the upstream refused the provider key) also moves on; when it is the last, the client
/// gets the router's 502 naming the refused key. Every attempt's outcome feeds the key's health, blaming only the
/// upstream (<see cref="Classify"/>).
/// </summary>
internal sealed partial class AttemptRunner(
    IHttpForwarder forwarder,
    UpstreamHttpClient upstream,
    HealthBoard board,
    HealthReporter health,
    IOptions<RoutingOptions> routing,
    IOptions<UpstreamOptions> upstreamOptions,
    IOptions<TranslationOptions> translationOptions,
    TimeProvider timeProvider,
    GenAiMetrics metrics,
    ILogger<AttemptRunner> logger)
{
    public const string ProviderKeyHeader = "x-xai-provider-key";
    public const string AttemptsHeader = "x-xai-attempts";

    /// <summary>Most of a non-streamed answer held whole for translation: the request side's own limit.</summary>
    private readonly long _maxAnswerBytes = upstreamOptions.Value.MaxRequestBodySize;

    private readonly ForwarderRequestConfig _requestConfig = new() { ActivityTimeout = upstreamOptions.Value.IdleTimeout };
    private readonly RoutingOptions _routing = routing.Value;
    private readonly long _defaultMaxTokens = translationOptions.Value.DefaultMaxTokens;

    /// <remarks>
    /// Per candidate, its kind's rules (<see cref="ProviderKindRules"/>) decide: a kind that does not serve the route's
    /// operation is skipped; one that speaks another format than the client gets the request translated first, before
    /// it takes any limit or is unlocked, and is skipped if the request cannot be translated faithfully (the first such
    /// refusal is the client's 400 when no candidate could take the request). Its answer is translated back on its way
    /// to the client, after the usage tap (which reads the upstream's format). Same format: the bytes pass untouched.
    /// </remarks>
    public async Task<AttemptOutcome> RunAsync(HttpContext context, UnlockedKey caller, ScannedRequestBody body, List<PlannedAttempt> plan,
        RequestAdmission admission, ClientRoute route)
    {
        var started = timeProvider.GetTimestamp();
        var attempts = 0;
        var bodyModel = body.Model!;
        ScopeAdmission? saturated = null;
        var bindingRefused = false;
        var servedAnywhere = false;
        var usageRequested = false;
        TranslationRefusal? untranslatable = null;
        var entry = RequestLogEntry.Of(context);
        (UpstreamAttempt? Attempt, ForwarderError Error, string KeyId) last = (null, ForwarderError.None, "");
        for (var i = 0; i < plan.Count && attempts < _routing.MaxAttempts && (attempts == 0 || timeProvider.GetElapsedTime(started) < _routing.Deadline); i++)
        {
            var (model, key) = plan[i];
            var rules = ProviderKindRules.For(key.Provider);
            if (!rules.Serves(key, route.Operation, model))
            {
                continue;
            }

            servedAnywhere = true;
            TranslationContext? translation = null;
            using var translated = rules.WireFormat == route.Format ? null : new TranslatedRequestBody();
            if (translated is not null)
            {
                translation = new TranslationContext
                {
                    Client = route.Format, Upstream = rules.WireFormat, UpstreamKind = key.Provider, Model = model,
                    DefaultMaxTokens = _defaultMaxTokens, Time = timeProvider,
                };
                // The pipeline holds the whole body for any plan that needs a translation.
                if (!body.CanRewind)
                {
                    continue;
                }

                if (RequestTranslation.Translate(body.WholeBody, translation, translated) is { } refused)
                {
                    untranslatable ??= refused;
                    continue;
                }

                // The whole body may hold the stream_options.include_usage an earlier same-format attempt added: the
                // client did not ask for that usage chunk, so the translated stream must not give it one.
                translation.ClientWantsUsage &= !body.UsageInjected;
            }
            else if (!usageRequested && route == ClientRoute.Chat)
            {
                // A streamed chat reports usage only when asked; ask for it, and hide the answer if the client did not.
                usageRequested = true;
                body.RequestStreamUsage();
            }

            var mark = admission.Mark;
            if (!await admission.AdmitAllAsync(LimitScopeBuilder.ForProviderKey(key, model)))
            {
                saturated ??= admission.Refused;
                continue;
            }

            if (!board.TryBegin(key, model))
            {
                await admission.UndoSinceAsync(mark);
                continue;
            }

            // Unlocked before the attempt counts: a record failing its destination binding is never sent, and is
            // neither an attempt nor a health sample (its upstream did nothing wrong; other keys stay as they are).
            using var unlock = caller.UnlockForSending(key);
            if (unlock.IsSecurityEvent)
            {
                board.End(key, model, null);
                LogBindingRefused(logger, key.TenantId, key.Id, key.Pool, unlock.Refusal);
                bindingRefused = true;
                await admission.UndoSinceAsync(mark);
                continue;
            }

            attempts++;
            if (attempts > 1)
            {
                metrics.Failover(route, key.TenantId);
                body.Rewind();
                context.Response.Clear();
                RequestIds.RestoreAfterUpstream(context);
            }

            if (translation is null && !string.Equals(model, bodyModel, StringComparison.Ordinal))
            {
                body.ReplaceModel(model);
                bodyModel = model;
            }

            context.Response.Headers[ProviderKeyHeader] = key.Id;
            context.Response.Headers[AttemptsHeader] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var finalCandidate = attempts == _routing.MaxAttempts || i == plan.Count - 1;
            var attempt = new UpstreamAttempt(interceptFailures: !finalCandidate, _routing.HeadersTimeout, context.RequestAborted);
            var attemptStarted = timeProvider.GetTimestamp();
            var span = GenAiSpans.StartAttempt(route, model, key, attempts);
            var (error, tokens, answerText, firstByteAt, headersAt, answer) = await ForwardOnceAsync(context, key, rules, unlock.Plaintext, body, translated, translation, route, model, attempt);
            var sample = Classify(attempt, error, body, model, firstByteAt != 0 ? firstByteAt : headersAt, attemptStarted);
            var circuits = board.End(key, model, sample);
            if (circuits.BecameMisconfigured)
            {
                LogMisconfigured(logger, key.Id, key.TenantId, attempt.Status ?? 0, attempt.ErrorCode ?? "none", ProviderHealthState.MisconfiguredCooldown);
            }

            if (circuits.KeyChanged)
            {
                LogCircuitChanged(logger, key.Id, key.TenantId, "*", Name(circuits.KeyFrom), Name(circuits.KeyTo));
            }

            if (circuits.ModelChanged)
            {
                LogCircuitChanged(logger, key.Id, key.TenantId, model, Name(circuits.ModelFrom), Name(circuits.ModelTo));
            }

            if (sample is not null)
            {
                health.Report(key, sample);
            }

            if (error != ForwarderError.None)
            {
                // One line with the cause; the forwarder's own log entry (a stack trace) is turned off by default. The
                // client's own failures (its body, its going away) are its answer's business, not the upstream's.
                attempt.Failure = UpstreamFailure.Classify(error, context.Features.Get<IForwarderErrorFeature>()?.Exception, key.BaseUrl, attempt.HeadersTimedOut, attempt.ClientGone);
                if (sample is not null && body.Failure is null)
                {
                    LogAttemptFailed(logger, key.Id, attempts, error, attempt.Failure.Description, attempt.Failure.Detail);
                }
            }

            var errorType = attempt.DroppedMidStream ? "stream_dropped" : GenAiSpans.ErrorType(attempt.Status, attempt.Failure);
            metrics.AttemptEnded(route, model, key, timeProvider.GetElapsedTime(attemptStarted), errorType, answer.Model);
            if (span is not null)
            {
                GenAiSpans.EndAttempt(span, attempt.Status, errorType, answer.Model, answer.FinishReason, tokens);
            }

            if (entry is not null)
            {
                (entry.ProviderKey, entry.Attempts, entry.FirstByteAt, entry.ResponseModel, entry.FinishReason) = (key, attempts, firstByteAt, answer.Model, answer.FinishReason);
            }

            if (!Retryable(context, body, attempt, error))
            {
                attempt.Dispose();
                return (error == ForwarderError.None && !attempt.Intercepted) || context.Response.HasStarted
                    ? new AttemptOutcome(plan[i], tokens, answerText, firstByteAt)
                    : await FailedAsync(context, body, attempt, error, attempts, key.Id);
            }

            last.Attempt?.Dispose();
            last = (attempt, error, key.Id);
            await admission.UndoSinceAsync(mark);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return AttemptOutcome.NotServed;
        }

        context.Response.Clear();
        RequestIds.RestoreAfterUpstream(context);
        if (last.Attempt is not { } failed)
        {
            await (untranslatable is not null ? UntranslatableAsync(context, untranslatable)
                : saturated is not null ? LimitRefusals.WriteAsync(context, saturated, providerKeys: true)
                : bindingRefused ? BindingRefusedAsync(context)
                : !servedAnywhere ? NotServedAsync(context, body.Model!)
                : NoHealthyKeyAsync(context));
            return AttemptOutcome.NotServed;
        }

        context.Response.Headers[AttemptsHeader] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ExhaustedAsync(context, failed, last.Error, attempts, last.KeyId);
        failed.Dispose();
        return AttemptOutcome.NotServed;
    }

    /// <summary>
    /// One exchange with one provider key, unlocked for it alone (its owner wipes <paramref name="plaintext"/> when it
    /// ends). <paramref name="translated"/> is the request in the upstream's format when it is not the client's
    /// (<paramref name="translation"/> then says how the answer goes back).
    /// </summary>
    private async Task<(ForwarderError Error, TokenUsage? Tokens, TextSample? AnswerText, long FirstByteAt, long HeadersAt, (string? Model, string? FinishReason) Answer)> ForwardOnceAsync(
        HttpContext context, ProviderKeyRecord key, ProviderKindRules rules, SecretBuffer? plaintext, ScannedRequestBody body,
        TranslatedRequestBody? translated, TranslationContext? translation, ClientRoute route, string model, UpstreamAttempt attempt)
    {
        var upstreamUri = rules.UpstreamUri(key, route.Operation, model, context.Request.Query);
        var credential = plaintext is null ? null : UpstreamCredential.Create(key.Provider, plaintext.Span);
        if (credential is null)
        {
            return (ForwarderError.NoAvailableDestinations, null, null, 0, 0, default);
        }

        // The scanned body stands in for the client's. Whole in memory, its final length (after an alias rewrite or
        // the usage option) is known and sent, so the request goes out in one piece; otherwise it goes chunked.
        // The plaintext buffer is wiped when the attempt ends (its caller owns it), and the header string the HTTP client needs is made
        // from it directly and wiped in place once the exchange is over.
        context.Request.Body = (Stream?)translated ?? body;
        context.Request.ContentLength = translated?.Written ?? body.KnownLength;
        var clientBody = context.Response.Body;
        // The answer is scanned for usage in the upstream's format, then translated into the client's.
        var translating = translation is null ? null : new TranslatingResponseBody(clientBody, context.Response, translation, _maxAnswerBytes);
        await using var tap = translating is null
            ? new UsageTap(clientBody, context.Response, () => body.UsageInjected, timeProvider, _maxAnswerBytes)
            : new UsageTap(translating, context.Response, static () => false, timeProvider, _maxAnswerBytes);
        context.Response.Body = tap;
        try
        {
            var error = await forwarder.SendAsync(context, key.BaseUrl, upstream.Invoker, _requestConfig,
                new UpstreamTransformer(key, credential, upstreamUri, attempt, timeProvider)
                {
                    Translated = translating is not null, AnthropicClient = route.Format == WireFormat.AnthropicMessages, UpstreamFormat = rules.WireFormat,
                },
                attempt.Token);
            var headersAt = attempt.Status is null ? 0 : timeProvider.GetTimestamp();
            if (error != ForwarderError.None || attempt.Intercepted)
            {
                return (error, null, null, 0, headersAt, default);
            }

            await tap.CompleteAsync(context.RequestAborted);
            // The upstream's own status: an answer it served (and billed) whose translation fails becomes the client's
            // 502 below, yet its usage, read in the upstream's format, is still the ledger's.
            var upstreamAnswered = context.Response.StatusCode < 300;
            if (translating is not null)
            {
                await translating.CompleteAsync(context.RequestAborted);
            }

            var answered = upstreamAnswered && !attempt.DroppedMidStream;
            return (error, answered ? tap.Usage : null, answered || attempt.DroppedMidStream ? tap.Text : null, tap.FirstByteAt, headersAt, (tap.ResponseModel, tap.FinishReason));
        }
        finally
        {
            context.Response.Body = clientBody;
            UpstreamCredential.Wipe(credential);
            if (translating is not null)
            {
                await translating.DisposeAsync();
            }
        }
    }

    /// <summary>Whether the next candidate may be tried: nothing reached the client and the failure was the upstream's.</summary>
    private static bool Retryable(HttpContext context, ScannedRequestBody body, UpstreamAttempt attempt, ForwarderError error) =>
        !context.Response.HasStarted && !attempt.ClientGone && body.Failure is null && body.CanRewind
        && (attempt.Intercepted || (error != ForwarderError.None && error is not (ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient)
            || attempt.HeadersTimedOut));

    /// <summary>
    /// What an attempt says about its key's health, and about which circuit: null when it says nothing.
    /// </summary>
    /// <remarks>
    /// Only the upstream is blamed. Anything of the client's side says nothing: its body turning bad or too large
    /// while it was sent on, its going away, a read of its body that failed or timed out (YARP's
    /// <c>RequestBodyClient</c>/<c>RequestCanceled</c>/<c>RequestBodyCanceled</c>), and a header timeout while its
    /// body was still coming in. Of the upstream's failures, those of the whole key are a connection that could not
    /// be made or broke before any answer (refused, DNS, TLS, reset), 401/403 (the key is refused: misconfigured) and
    /// a 429 for the account's quota (<c>insufficient_quota</c>); those of one model are 5xx, a header or activity
    /// timeout, a stream dropped midway, a 404 for the model (<c>model_not_found</c>) and other 429s (providers
    /// rate-limit per model). A success closes the key's circuit and the model's.
    /// </remarks>
    private HealthSample? Classify(UpstreamAttempt attempt, ForwarderError error, ScannedRequestBody body, string model, long answeredAt, long started)
    {
        var now = board.Now;
        if (attempt.ClientGone || body.Failure is not null
            || error is ForwarderError.NoAvailableDestinations or ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
            || (attempt.HeadersTimedOut && !body.SourceEnded))
        {
            return null;
        }

        if (attempt.Status is not { } status)
        {
            var timedOut = attempt.HeadersTimedOut || error == ForwarderError.RequestTimedOut;
            return new HealthSample(ProviderOutcome.Failure, null, null, now, timedOut ? model : null);
        }

        var latency = answeredAt == 0 ? (double?)null : timeProvider.GetElapsedTime(started, answeredAt).TotalMilliseconds;
        return status switch
        {
            // OpenAI's 403 for a model the key's project may not use: the caller picked the model, the key is fine.
            403 when UpstreamErrorBody.IsModelNotFound(attempt.ErrorCode) => new HealthSample(ProviderOutcome.Failure, null, null, now, model),
            401 or 403 => new HealthSample(ProviderOutcome.Misconfigured, null, null, now),
            429 => new HealthSample(ProviderOutcome.RateLimited, null, attempt.RetryAfter is { } wait ? now + wait : null, now,
                UpstreamErrorBody.IsAccountQuota(attempt.ErrorCode) ? null : model),
            >= 500 => new HealthSample(ProviderOutcome.Failure, null, null, now, model),
            404 when UpstreamErrorBody.IsModelNotFound(attempt.ErrorCode) => new HealthSample(ProviderOutcome.Failure, null, null, now, model),
            _ when attempt.DroppedMidStream => new HealthSample(ProviderOutcome.Failure, null, null, now, model),
            _ => new HealthSample(ProviderOutcome.Success, latency, null, now, model),
        };
    }

    /// <summary>A final attempt failed before anything reached the client.</summary>
    private static async Task<AttemptOutcome> FailedAsync(HttpContext context, ScannedRequestBody body, UpstreamAttempt attempt, ForwarderError error, int attempts, string providerKeyId)
    {
        context.Response.Clear();
        RequestIds.RestoreAfterUpstream(context);
        switch (body.Failure)
        {
            case { } refused:
                // The client's bad input, found while the body streamed upstream (the upstream request was aborted).
                await context.RequestServices.GetRequiredService<ClientInputErrors>().WriteOpenAIAsync(context, refused);
                break;
            default:
                if (error == ForwarderError.NoAvailableDestinations)
                {
                    await OpenAIErrors.WriteAsync(context, StatusCodes.Status502BadGateway, "api_error", "provider_key_unavailable",
                        "The provider key for this model cannot be opened with this key.");
                }
                else if (!attempt.ClientGone)
                {
                    await ExhaustedAsync(context, attempt, error, attempts, providerKeyId);
                }

                break;
        }

        return AttemptOutcome.NotServed;
    }

    /// <summary>Every attempt failed: the last one's failure, in OpenAI's envelope.</summary>
    private static Task ExhaustedAsync(HttpContext context, UpstreamAttempt last, ForwarderError error, int attempts, string providerKeyId)
    {
        var after = attempts == 1 ? "" : $" (after {attempts} attempts)";
        if (last.Status is { } refused && UpstreamAttempt.RefusesKey(refused) && !(refused == 403 && UpstreamErrorBody.IsModelNotFound(last.ErrorCode)))
        {
            // Not the caller's 401/403: its own key was accepted. An SDK retrying at once would only meet the same cooldown.
            context.Response.Headers["x-should-retry"] = "false";
            return OpenAIErrors.WriteAsync(context, StatusCodes.Status502BadGateway, "api_error", "provider_key_misconfigured",
                $"The upstream provider refused provider key {providerKeyId} (HTTP {refused}, {last.ErrorCode ?? "no error code"}){after}. "
                + "It is out of routing for a while; a key with manage permission should check its api_key, base_url and account settings.");
        }

        if (last.Status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = RateLimitHeaders.RetryAfterSeconds(last.RetryAfter ?? TimeSpan.FromSeconds(1));
            return OpenAIErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate_limit_exceeded", "rate_limit_exceeded",
                $"The upstream providers for this model are rate limited{after}.");
        }

        if (last.Status == UpstreamAttempt.Overloaded)
        {
            // Anthropic's "overloaded" keeps its status, so an SDK backs off and retries as it would at Anthropic.
            return OpenAIErrors.WriteAsync(context, UpstreamAttempt.Overloaded, "api_error", "upstream_overloaded",
                $"The upstream providers for this model are overloaded{after}.");
        }

        var timedOut = last.HeadersTimedOut || error == ForwarderError.RequestTimedOut;
        var cause = last.Failure is { } failure ? ": " + failure.Description : "";
        return OpenAIErrors.WriteAsync(context, timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway, "api_error",
            timedOut ? "upstream_timeout" : "upstream_error",
            (timedOut ? "The upstream provider did not answer in time" + cause
                : last.Status is { } status ? $"The upstream provider failed with HTTP {status}"
                : "The upstream provider could not be reached" + cause) + after + ".");
    }

    /// <summary>No candidate could take the request: the first refusal of its translation, naming the field.</summary>
    private static Task UntranslatableAsync(HttpContext context, TranslationRefusal refusal) =>
        OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", "untranslatable_field", refusal.Message,
            param: refusal.Field.Length == 0 ? null : refusal.Field);

    /// <summary>Every candidate's kind lacks the route's operation (an anthropic key on <c>/v1/embeddings</c>).</summary>
    private static Task NotServedAsync(HttpContext context, string model) =>
        OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found",
            $"The model '{model}' is not served on {context.Request.Path} by this tenant's provider keys.");

    /// <summary>Every candidate's record failed its destination binding: nothing was sent anywhere.</summary>
    public static Task BindingRefusedAsync(HttpContext context) =>
        OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "api_error", "provider_key_unverified",
            "The provider key for this model failed its integrity check and was not used. A key holding its pool must save it again.");

    public static Task NoHealthyKeyAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "api_error", "no_healthy_upstream",
            "Every provider key for this model is cooling down after failures. Please try again shortly.");
    }

    [LoggerMessage(EventId = EventIds.AttemptFailed, EventName = nameof(EventIds.AttemptFailed), Level = LogLevel.Warning,
        Message = "Attempt {Attempt} at provider key {ProviderKeyId} failed: {Cause} ({Error}: {Detail})")]
    private static partial void LogAttemptFailed(ILogger logger, string providerKeyId, int attempt, ForwarderError error, string cause, string? detail);

    [LoggerMessage(EventId = EventIds.ProviderKeyMisconfigured, EventName = nameof(EventIds.ProviderKeyMisconfigured), Level = LogLevel.Warning,
        Message = "Provider key {ProviderKeyId} of tenant {TenantId} was refused by its upstream (HTTP {Status}, code {ErrorCode}): marked misconfigured, out of routing for {Cooldown}")]
    private static partial void LogMisconfigured(ILogger logger, string providerKeyId, string tenantId, int status, string errorCode, TimeSpan cooldown);

    /// <summary>A circuit's name as the management API shows it (<c>healthy</c>, <c>open</c>, <c>cooldown</c>...).</summary>
    private static string Name(CircuitState state) => System.Text.Json.JsonSerializer.Serialize(state).Trim('"');

    [LoggerMessage(EventId = EventIds.CircuitChanged, EventName = nameof(EventIds.CircuitChanged), Level = LogLevel.Warning,
        Message = "Circuit of provider key {ProviderKeyId} of tenant {TenantId} for model {Model} changed from {From} to {To}")]
    private static partial void LogCircuitChanged(ILogger logger, string providerKeyId, string tenantId, string model, string from, string to);

    [LoggerMessage(EventId = EventIds.ProviderKeyBindingRefused, EventName = nameof(EventIds.ProviderKeyBindingRefused), Level = LogLevel.Warning,
        Message = "Security: provider key {ProviderKeyId} of tenant {TenantId} (pool {Pool}) was refused and not sent: {Refusal}")]
    private static partial void LogBindingRefused(ILogger logger, string tenantId, string providerKeyId, string pool, ProviderKeyRefusal refusal);
}
