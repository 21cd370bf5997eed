using System.Diagnostics;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Telemetry;

/// <summary>
/// The Gateway's spans, named and tagged as the OpenTelemetry GenAI semantic conventions say: one per <c>/v1</c>
/// request (<c>{gen_ai.operation.name} {gen_ai.request.model}</c>, kind internal: ASP.NET Core's server span is its
/// parent when traced) and one child per upstream attempt (kind client). Names, ids, counts and codes only: never a
/// prompt, an answer, a header or a secret.
/// </summary>
/// <remarks>
/// Without a tracer (no OTLP endpoint, or the sampler is <c>always_off</c>), nothing listens to <see cref="Source"/>:
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null, and each method returns before it
/// formats a name or reads a tag, so the request path pays one listener check per span.
/// </remarks>
internal static class GenAiSpans
{
    public static readonly ActivitySource Source = new(AdmissionMetrics.ActivitySourceName);

    /// <summary>The request's span, named by its operation until its model is known (<see cref="EndRequest"/>); null when not traced.</summary>
    public static Activity? StartRequest(ClientRoute route)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var operation = GenAiNames.Operation(route);
        var span = Source.StartActivity(operation, ActivityKind.Internal);
        span?.SetTag(GenAiNames.OperationName, operation);
        return span;
    }

    /// <summary>Names and tags the request's span with what the request came to, then ends it.</summary>
    public static void EndRequest(Activity span, HttpContext context, RequestLogEntry? entry)
    {
        var status = context.Response.StatusCode;
        if (entry is not null)
        {
            if (entry.Model is not null)
            {
                var model = TelemetryText.Model(entry.Model);
                span.DisplayName = $"{span.GetTagItem(GenAiNames.OperationName)} {model}";
                span.SetTag(GenAiNames.RequestModel, model);
            }

            span.SetTag(GenAiNames.TenantId, entry.TenantId);
            span.SetTag(GenAiNames.KeyId, entry.KeyId);
            if (entry.ProviderKey is { } key)
            {
                TagProviderKey(span, key);
            }

            if (entry.Attempts > 0)
            {
                span.SetTag(GenAiNames.Attempt, entry.Attempts);
            }

            TagAnswer(span, entry.ResponseModel, entry.FinishReason, entry.Tokens);
        }

        span.SetTag(GenAiNames.StatusCode, status);
        if (status >= StatusCodes.Status400BadRequest)
        {
            Fail(span, entry?.Error ?? StatusText(status));
        }

        span.Dispose();
    }

    /// <summary>An attempt's span, a child of the request's; null when not traced.</summary>
    public static Activity? StartAttempt(ClientRoute route, string model, ProviderKeyRecord key, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var operation = GenAiNames.Operation(route);
        var span = Source.StartActivity($"{operation} {model}", ActivityKind.Client);
        if (span is null)
        {
            return null;
        }

        span.SetTag(GenAiNames.OperationName, operation);
        span.SetTag(GenAiNames.RequestModel, model);
        span.SetTag(GenAiNames.TenantId, key.TenantId);
        span.SetTag(GenAiNames.Attempt, attempt);
        TagProviderKey(span, key);
        return span;
    }

    /// <summary>
    /// Tags an attempt's span with its outcome and ends it; <paramref name="failure"/> is the error type when the attempt
    /// failed (an HTTP status or a class of transport failure).
    /// </summary>
    public static void EndAttempt(Activity span, int? status, string? failure, string? responseModel, string? finishReason, TokenUsage? tokens)
    {
        if (status is { } code)
        {
            span.SetTag(GenAiNames.StatusCode, code);
        }

        TagAnswer(span, responseModel, finishReason, tokens is { } used ? (used.Input, used.Output) : null);
        if (failure is not null)
        {
            Fail(span, failure);
        }

        span.Dispose();
    }

    /// <summary>The error type of an attempt: its transport failure's class, or its HTTP status when 4xx/5xx.</summary>
    public static string? ErrorType(int? status, UpstreamFailure? failure) =>
        failure is not null ? ErrorType(failure.Kind)
        : status >= StatusCodes.Status400BadRequest ? StatusText(status.Value)
        : null;

    private static string ErrorType(UpstreamFailureKind kind) => kind switch
    {
        UpstreamFailureKind.Dns => "dns",
        UpstreamFailureKind.ConnectionRefused => "connection_refused",
        UpstreamFailureKind.Tls => "tls",
        UpstreamFailureKind.Timeout => "timeout",
        UpstreamFailureKind.Blocked => "blocked",
        UpstreamFailureKind.Connection => "connection_error",
        UpstreamFailureKind.ClientGone => "client_gone",
        _ => "_OTHER",
    };

    private static void TagProviderKey(Activity span, ProviderKeyRecord key)
    {
        span.SetTag(GenAiNames.ProviderName, GenAiNames.Provider(key.Provider));
        span.SetTag(GenAiNames.ProviderKeyId, key.Id);
        if (Uri.TryCreate(key.BaseUrl, UriKind.Absolute, out var uri))
        {
            // The host alone: a base URL's path or query could carry what is not ours to export.
            span.SetTag(GenAiNames.ServerAddress, uri.Host);
            span.SetTag("server.port", uri.Port);
        }
    }

    private static void TagAnswer(Activity span, string? responseModel, string? finishReason, (long Input, long Output)? tokens)
    {
        if (responseModel is not null)
        {
            span.SetTag(GenAiNames.ResponseModel, responseModel);
        }

        if (finishReason is not null)
        {
            span.SetTag(GenAiNames.FinishReasons, new[] { finishReason });
        }

        if (tokens is { } used)
        {
            span.SetTag(GenAiNames.InputTokens, used.Input);
            span.SetTag(GenAiNames.OutputTokens, used.Output);
        }
    }

    private static void Fail(Activity span, string errorType)
    {
        span.SetTag(GenAiNames.ErrorType, errorType);
        span.SetStatus(ActivityStatusCode.Error);
    }

    private static string StatusText(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
