using System.Text.Json;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// Errors in Anthropic's envelope <c>{"type":"error","error":{"type","message"},"request_id"}</c>, for the Messages API
/// surface (<c>/v1/messages*</c>, and <c>/v1/models</c> asked with <c>anthropic-version</c>). The request id is the
/// router's own (<c>x-request-id</c>), also sent as <c>request-id</c>, where Anthropic's SDKs read it.
/// </summary>
internal static class AnthropicErrors
{
    /// <summary>The response header Anthropic's SDKs read the request id from.</summary>
    public const string RequestIdHeader = "request-id";

    /// <summary>Anthropic's <c>error.type</c> for an HTTP status (the table of Anthropic's error documentation).</summary>
    public static string TypeFor(int status) => XaiRouter.Gateway.Translation.ErrorTranslation.AnthropicTypeFor(status);

    /// <param name="context">The request.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="type">Anthropic's <c>error.type</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="logCode">What the request log records as the error (the router's own code when it has one); the type otherwise.</param>
    public static Task WriteAsync(HttpContext context, int status, string type, string message, string? logCode = null)
    {
        Usage.RequestLogEntry.NoteError(context, logCode ?? type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var requestId = RequestIds.Of(context);
        if (requestId is not null)
        {
            context.Response.Headers[RequestIdHeader] = requestId;
        }

        return JsonSerializer.SerializeAsync(
            context.Response.Body,
            new AnthropicErrorEnvelope(new AnthropicError(type, message), requestId),
            CompatJsonContext.Default.AnthropicErrorEnvelope,
            context.RequestAborted);
    }
}
