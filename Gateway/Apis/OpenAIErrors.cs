using System.Text.Json;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// Errors in OpenAI's envelope <c>{"error":{"message","type","param","code"}}</c>, which the official OpenAI SDKs
/// parse, for every <c>/v1/*</c> route of OpenAI's surface. On a route whose clients speak Anthropic's Messages API
/// (<see cref="ClientRoute.Of"/>) the same call writes Anthropic's envelope instead, its <c>error.type</c> chosen by
/// the status (<see cref="AnthropicErrors.TypeFor"/>), so no refusal of the shared pipeline needs to know its surface.
/// </summary>
internal static class OpenAIErrors
{
    public static Task WriteAsync(HttpContext context, int status, string type, string? code, string message) =>
        WriteAsync(context, status, type, code, message, param: null);

    /// <param name="context">The request.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="type">OpenAI's <c>error.type</c>.</param>
    /// <param name="code">OpenAI's <c>error.code</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="param">The JSON path of the offending field, if any: OpenAI's <c>param</c>, or the <c>"path: "</c> prefix of Anthropic's message.</param>
    public static Task WriteAsync(HttpContext context, int status, string type, string? code, string message, string? param)
    {
        if (ClientRoute.Of(context).Format == WireFormat.AnthropicMessages)
        {
            return AnthropicErrors.WriteAsync(context, status, AnthropicErrors.TypeFor(status), param is null ? message : param + ": " + message, code ?? type);
        }

        Usage.RequestLogEntry.NoteError(context, code ?? type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(
            context.Response.Body,
            new OpenAIErrorEnvelope(new OpenAIError(message, type, param, code)),
            CompatJsonContext.Default.OpenAIErrorEnvelope,
            context.RequestAborted);
    }
}
