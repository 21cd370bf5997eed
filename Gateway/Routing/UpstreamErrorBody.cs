using System.Text.Json;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// Reads the start of an upstream's error answer whose code decides whose failure it is (401/403: which refusal;
/// 404: an unknown model; 429: a model's rate limit or the account's quota), and hands the answer on unchanged.
/// Only these few statuses pay for it; a success is never read here.
/// </summary>
internal static class UpstreamErrorBody
{
    /// <summary>Error bodies are small; a longer one is handed on without a code.</summary>
    public const int MaxRead = 4096;

    /// <summary>Bounded, and only <c>[A-Za-z0-9_.:-]</c>: it goes into logs and answers.</summary>
    public const int MaxCodeLength = 64;

    public static bool Wanted(int status) => status is 401 or 403 or 404 or 429;

    /// <summary>Sets <see cref="UpstreamAttempt.ErrorCode"/> from <paramref name="response"/>'s body and puts back what was read.</summary>
    public static async Task CaptureAsync(HttpResponseMessage response, UpstreamAttempt attempt, CancellationToken cancellationToken)
    {
        var original = response.Content;
        if (original.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return;
        }

        var buffer = new byte[MaxRead];
        var length = 0;
        var ended = false;
        var source = await original.ReadAsStreamAsync(cancellationToken);
        try
        {
            while (length < buffer.Length)
            {
                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    ended = true;
                    break;
                }

                length += read;
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
        {
            // The rest is handed on as it is; copying it fails the same way and is reported there.
        }

        if (ended)
        {
            attempt.ErrorCode = Parse(buffer.AsSpan(0, length));
        }

        var replay = new ReplayedContent(buffer, length, source, original);
        foreach (var header in original.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = replay;
    }

    /// <summary>
    /// The error's code: <c>error.code</c> (OpenAI, Azure), else <c>error.status</c> (Google), else <c>error.type</c>
    /// (Anthropic, OpenAI without a code), else a top-level <c>code</c> or <c>type</c>; sanitized, or null. An error
    /// wrapped in an array (Gemini's OpenAI-compatible endpoint: <c>[{"error":{...}}]</c>) is read from its first element.
    /// </summary>
    public static string? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var error = root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : default;
            return Sanitize(StringOf(error, "code") ?? StringOf(error, "status") ?? StringOf(error, "type") ?? StringOf(root, "code") ?? StringOf(root, "type"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The codes for a model the key does not reach: OpenAI's, Anthropic's, Azure OpenAI's (a deployment that does not
    /// exist) and Google's status.
    /// </summary>
    public static bool IsModelNotFound(string? code) => code is "model_not_found" or "not_found_error" or "DeploymentNotFound" or "NOT_FOUND";

    /// <summary>A 429 of the account as a whole (out of credit), not of one model's rate limit.</summary>
    public static bool IsAccountQuota(string? code) => code is "insufficient_quota" or "billing_not_active" or "billing_hard_limit_reached";

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Sanitize(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var length = Math.Min(code.Length, MaxCodeLength);
        return string.Create(length, code, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' ? c : '_';
            }
        });
    }
}
