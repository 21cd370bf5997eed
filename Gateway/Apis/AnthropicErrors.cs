using System.Text.Json;

namespace XaiRouter.Gateway.Apis;

/// <summary>Errors in Anthropic's envelope <c>{"type":"error","error":{"type","message"}}</c>, for <c>/v1/messages</c>.</summary>
internal static class AnthropicErrors
{
    public static Task WriteAsync(HttpContext context, int status, string type, string message)
    {
        Usage.RequestLogEntry.NoteError(context, type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(
            context.Response.Body,
            new AnthropicErrorEnvelope(new AnthropicError(type, message)),
            CompatJsonContext.Default.AnthropicErrorEnvelope,
            context.RequestAborted);
    }
}
