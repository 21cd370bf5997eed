using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// Answers a request whose input the router refused while reading it (malformed or non-UTF-8 JSON, a field the
/// router reads given twice, a body over its route's limit, a body sent too slowly, broken chunk framing) with a
/// 4xx in the envelope its client expects, and logs it once: one warning line with the request id and the cause,
/// never a stack trace (the fault is the client's, and a flood of bad requests must not become a flood of logs).
/// </summary>
internal sealed partial class ClientInputErrors(ILogger<ClientInputErrors> logger)
{
    /// <summary>Whether <paramref name="exception"/> is the client's bad input (the only failures answered here).</summary>
    public static bool IsClientFault(Exception? exception) =>
        exception is InvalidRequestBodyException or RequestBodyTooLargeException or BadHttpRequestException { StatusCode: >= 400 and < 500 };

    /// <summary>The refusal in OpenAI's envelope (the forwarding routes under <c>/v1</c>).</summary>
    public Task WriteOpenAIAsync(HttpContext context, Exception refused)
    {
        var (status, code, message) = Describe(refused);
        Log(context, status, refused);
        return OpenAIErrors.WriteAsync(context, status, "invalid_request_error", code, message);
    }

    /// <summary>The refusal in the envelope of the request's surface: Anthropic's, OpenAI's, or ProblemDetails.</summary>
    public Task WriteAsync(HttpContext context, Exception refused)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/v1/messages"))
        {
            var (status, _, message) = Describe(refused);
            Log(context, status, refused);
            return AnthropicErrors.WriteAsync(context, status, status == StatusCodes.Status413PayloadTooLarge ? "request_too_large" : "invalid_request_error", message);
        }

        if (path.StartsWithSegments("/v1"))
        {
            return WriteOpenAIAsync(context, refused);
        }

        var (problemStatus, _, detail) = Describe(refused);
        Log(context, problemStatus, refused);
        return TypedResults.Problem(detail, statusCode: problemStatus, title: Title(problemStatus)).ExecuteAsync(context);
    }

    private static (int Status, string? Code, string Message) Describe(Exception refused) => refused switch
    {
        InvalidRequestBodyException invalid => (StatusCodes.Status400BadRequest, null, invalid.Message),
        RequestBodyTooLargeException tooLarge => (StatusCodes.Status413PayloadTooLarge, "request_too_large", tooLarge.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "request_too_large",
            "The request body is larger than this route accepts."),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => (StatusCodes.Status408RequestTimeout, "request_timeout",
            "The request body arrived too slowly; send it without pauses."),
        BadHttpRequestException bad => (bad.StatusCode, "invalid_request_body", $"The request body could not be read: {Cause(bad)}"),
        _ => (StatusCodes.Status400BadRequest, null, "The request body could not be read."),
    };

    private static string Title(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "Request timeout",
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        _ => "Invalid request",
    };

    /// <summary>Kestrel's one-sentence reason ("Bad chunk size data."), which names no request content.</summary>
    private static string Cause(Exception exception)
    {
        var message = exception.Message.ReplaceLineEndings(" ");
        return message.Length <= 200 ? message : message[..200];
    }

    private void Log(HttpContext context, int status, Exception refused) => Log(context, status, Cause(refused));

    /// <summary>The warning line of a refusal answered elsewhere (for example a management body over its limit).</summary>
    public void Log(HttpContext context, int status, string cause) =>
        LogRefused(logger, RequestIds.Of(context) ?? context.TraceIdentifier, status, context.Request.Method, context.Request.Path.Value ?? "", cause);

    [LoggerMessage(EventId = EventIds.ClientInputRefused, EventName = nameof(EventIds.ClientInputRefused), Level = LogLevel.Warning,
        Message = "Request {RequestId} ({Method} {Path}) refused with {Status}: {Cause}")]
    private static partial void LogRefused(ILogger logger, string requestId, int status, string method, string path, string cause);
}
