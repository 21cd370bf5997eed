using System.Globalization;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// An upstream error answer in the client's envelope, its status kept (README "Translation"). It reads OpenAI's
/// <c>{"error":{"message",...}}</c>, Anthropic's <c>{"type":"error","error":{"type","message"}}</c>, Gemini's array-wrapped
/// <c>[{"error":{...}}]</c> and a bare <c>{"error":"text"}</c>; any other body (HTML from a proxy, empty) gets a message
/// naming the status only.
/// </summary>
internal static class ErrorTranslation
{
    /// <summary>Anthropic's <c>error.type</c> for an HTTP status.</summary>
    public static string AnthropicTypeFor(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        408 or 504 => "timeout_error",
        503 or 529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>OpenAI's <c>error.type</c> for an HTTP status of a translated Anthropic error.</summary>
    public static string OpenAITypeFor(int status) => status switch
    {
        429 => "rate_limit_exceeded",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    public static void Write(int status, ReadOnlySpan<byte> upstreamBody, WireFormat client, Utf8JsonWriter writer)
    {
        var (message, anthropicType) = Read(status, upstreamBody);
        if (client == WireFormat.AnthropicMessages)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "error"u8);
            writer.WriteStartObject("error"u8);
            writer.WriteString("type"u8, AnthropicTypeFor(status));
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return;
        }

        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, message);
        writer.WriteString("type"u8, OpenAITypeFor(status));
        writer.WriteNull("param"u8);
        writer.WriteString("code"u8, anthropicType ?? AnthropicTypeFor(status));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The upstream's message and, for an Anthropic body, its error type; never throws.</summary>
    private static (string Message, string? AnthropicType) Read(int status, ReadOnlySpan<byte> body)
    {
        var fallback = string.Create(CultureInfo.InvariantCulture, $"The upstream provider failed with HTTP {status}.");
        if (body.IsEmpty)
        {
            return (fallback, null);
        }

        try
        {
            using var document = TranslationJson.Parse(body);
            var root = document.Root;
            if (root.ValueKind == JsonValueKind.Array)
            {
                root = root.GetArrayLength() > 0 ? root[0] : default;
            }

            var error = root.Get("error"u8);
            var message = error.ValueKind switch
            {
                JsonValueKind.Object => error.Get("message"u8),
                JsonValueKind.String => error,
                _ => root.Get("message"u8),
            };
            var type = root.Get("type"u8).IsString("error"u8) ? error.Get("type"u8) : default;
            return (
                message.ValueKind == JsonValueKind.String && message.GetString() is { Length: > 0 } text ? text : fallback,
                type.ValueKind == JsonValueKind.String ? type.GetString() : null);
        }
        catch (JsonException)
        {
            return (fallback, null);
        }
    }
}
