using System.Text.Json;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// Errors in OpenAI's envelope <c>{"error":{"message","type","param","code"}}</c>, which the official OpenAI SDKs
/// parse, for every <c>/v1/*</c> route except <c>/v1/messages</c>.
/// </summary>
internal static class OpenAIErrors
{
    public static Task WriteAsync(HttpContext context, int status, string type, string? code, string message)
    {
        Usage.RequestLogEntry.NoteError(context, code ?? type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(
            context.Response.Body,
            new OpenAIErrorEnvelope(new OpenAIError(message, type, null, code)),
            CompatJsonContext.Default.OpenAIErrorEnvelope,
            context.RequestAborted);
    }
}
