using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace XaiRouter.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking Anthropic's Messages API wire format: <c>POST /v1/messages</c> (JSON and
/// SSE with <c>event:</c> names, a <c>ping</c> after the first block start, <c>error</c> events),
/// <c>POST /v1/messages/count_tokens</c>, <c>GET /v1/models[/{id}]</c>. Every answer carries <c>request-id</c>; errors use
/// Anthropic's envelope <c>{"type":"error","error":{"type","message"},"request_id"}</c>. It refuses what Anthropic refuses:
/// 401 without <c>x-api-key</c> (or with another key than <see cref="ExpectedKey"/>), 400 without <c>anthropic-version</c>,
/// 400 "max_tokens: Field required". A streamed answer sends its first content delta, then waits for
/// <see cref="ReleaseStream"/> before the rest (the gate stays open until <see cref="ResetStream"/>).
/// Magic models: <c>claude-429</c> (retry-after 7), <c>claude-529</c>, <c>claude-500</c>, <c>claude-403</c>, <c>claude-404</c>,
/// <c>claude-tool</c> (text, then tool_use get_weather {"city":"Paris"}), <c>claude-thinking</c> (thinking with a signature, then
/// text), <c>claude-midstream-error</c> (streamed: start, one text delta, then an <c>overloaded_error</c> event),
/// <c>claude-abort</c> (streamed: one text delta, the gate, then the connection drops). Any model answers a request whose last
/// user turn holds a <c>tool_result</c> with the text "Result: {content}" (the second half of a tool round trip).
/// </summary>
public sealed class FakeAnthropicUpstream : IAsyncDisposable
{
    /// <summary>The text of an ordinary answer (streamed as "Hel" then "lo").</summary>
    public const string AnswerText = "Hello";

    /// <summary>What <c>count_tokens</c> answers.</summary>
    public const int CountedInputTokens = 2095;

    /// <summary>The usage of an ordinary JSON answer and of a stream's <c>message_delta</c> (cumulative).</summary>
    public const string DefaultUsage = """{"input_tokens":21,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":12,"service_tier":"standard"}""";

    /// <summary>The usage of a stream's <c>message_start</c> (input and cache counts, output 1).</summary>
    public const string DefaultStartUsage = """{"input_tokens":21,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}""";

    private readonly WebApplication _app;
    private TaskCompletionSource _streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _streamCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _credentialsSeen;
    private int _requestNumber;

    private FakeAnthropicUpstream(WebApplication app) => _app = app;

    /// <summary>The server's root, <c>http://127.0.0.1:p</c> (no <c>/v1</c>: Anthropic keys are stored so, and the SDK adds it).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received, on any path.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests that carried a credential header (<c>Authorization</c>, <c>x-api-key</c>, <c>api-key</c>).</summary>
    public int CredentialsSeen => Volatile.Read(ref _credentialsSeen);

    /// <summary>When set, an <c>x-api-key</c> other than this one is refused with 401 (a missing one always is).</summary>
    public string? ExpectedKey { get; set; }

    /// <summary>
    /// Called first for every request that passed the header checks, with the parsed body (null when it is not JSON or on
    /// GET) and the path after <c>/v1/</c>; returns <see langword="true"/> when it answered.
    /// </summary>
    public Func<HttpContext, JsonNode?, string, Task<bool>>? Script { get; set; }

    /// <summary>
    /// The <c>usage</c> object a model's answers report verbatim: JSON answers, and the stream's <c>message_start</c> and
    /// <c>message_delta</c> (there only <c>output_tokens</c> when <see cref="DeltaUsageOutputOnly"/>).
    /// </summary>
    public ConcurrentDictionary<string, string> UsageByModel { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether a stream's <c>message_delta</c> carries only <c>output_tokens</c>, as older API versions do.</summary>
    public bool DeltaUsageOutputOnly { get; set; }

    /// <summary>The ids <c>GET /v1/models</c> lists, in order.</summary>
    public IReadOnlyList<string> Models { get; set; } = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"];

    /// <summary>Completes when a streamed answer saw its client go away.</summary>
    public Task StreamCancelled => _streamCancelled.Task;

    /// <param name="port">The loopback port to listen on; 0 (the default) lets the system choose.</param>
    public static async Task<FakeAnthropicUpstream> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeAnthropicUpstream(app);
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.ContainsKey("Authorization") || context.Request.Headers.ContainsKey("x-api-key") || context.Request.Headers.ContainsKey("api-key"))
            {
                Interlocked.Increment(ref upstream._credentialsSeen);
            }

            context.Response.Headers["request-id"] = "req_fake_" + Interlocked.Increment(ref upstream._requestNumber);
            await next(context);
        });
        app.MapPost("/v1/{**path}", upstream.PostAsync);
        app.MapGet("/v1/{**path}", upstream.GetAsync);
        await app.StartAsync();
        upstream.BaseUrl = app.Urls.Single();
        return upstream;
    }

    /// <summary>Lets the streamed answer currently waiting send the rest.</summary>
    public void ReleaseStream() => _streamGate.TrySetResult();

    /// <summary>Arms the gate and the cancellation signal for the next streamed answer.</summary>
    public void ResetStream()
    {
        _streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _streamCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>An Anthropic error body (<c>request_id</c> included) as the real API writes it.</summary>
    public static string ErrorBody(string type, string message, string requestId = "req_fake") =>
        new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
            ["request_id"] = requestId,
        }.ToJsonString();

    private async Task PostAsync(HttpContext context, string path)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Record(context, body);
        if (await RefuseHeadersAsync(context))
        {
            return;
        }

        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "There was an issue with the format or content of your request.");
            return;
        }

        if (Script is { } script && await script(context, request, path))
        {
            return;
        }

        if (request is not JsonObject json || json["model"] is not JsonValue modelValue || !modelValue.TryGetValue<string>(out var model))
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "model: Field required");
            return;
        }

        switch (path)
        {
            case "messages/count_tokens":
                await WriteJsonAsync(context, 200, $$"""{"input_tokens":{{CountedInputTokens}}}""");
                return;
            case "messages":
                break;
            default:
                await WriteErrorAsync(context, 404, "not_found_error", "Not Found");
                return;
        }

        if (json["max_tokens"] is not JsonValue maxTokens || !maxTokens.TryGetValue<long>(out _))
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "max_tokens: Field required");
            return;
        }

        if (await AnswerFaultAsync(context, model))
        {
            return;
        }

        var stream = json["stream"] is JsonValue flag && flag.TryGetValue<bool>(out var streamed) && streamed;
        var toolResult = LastToolResult(json);
        if (stream)
        {
            await StreamAsync(context, model, toolResult);
        }
        else if (model == "claude-abort")
        {
            await _streamGate.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        }
        else
        {
            await WriteJsonAsync(context, 200, Message(model, toolResult));
        }
    }

    private async Task GetAsync(HttpContext context, string path)
    {
        Record(context, "");
        if (await RefuseHeadersAsync(context))
        {
            return;
        }

        if (Script is { } script && await script(context, null, path))
        {
            return;
        }

        if (path == "models")
        {
            var data = new JsonArray();
            foreach (var id in Models)
            {
                data.Add(ModelInfo(id));
            }

            var list = new JsonObject
            {
                ["data"] = data,
                ["has_more"] = false,
                ["first_id"] = Models.Count > 0 ? Models[0] : null,
                ["last_id"] = Models.Count > 0 ? Models[^1] : null,
            };
            await WriteJsonAsync(context, 200, list.ToJsonString());
            return;
        }

        if (path.StartsWith("models/", StringComparison.Ordinal) && Models.Contains(path["models/".Length..]))
        {
            await WriteJsonAsync(context, 200, ModelInfo(path["models/".Length..]).ToJsonString());
            return;
        }

        await WriteErrorAsync(context, 404, "not_found_error", "Not Found");
    }

    private void Record(HttpContext context, string body) =>
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));

    /// <returns>Whether the request was refused for its headers, in the order Anthropic checks them.</returns>
    private async Task<bool> RefuseHeadersAsync(HttpContext context)
    {
        var key = context.Request.Headers["x-api-key"].ToString();
        if (key.Length == 0 || (ExpectedKey is { } expected && key != expected))
        {
            await WriteErrorAsync(context, 401, "authentication_error", "invalid x-api-key");
            return true;
        }

        if (context.Request.Headers["anthropic-version"].ToString().Length == 0)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "anthropic-version: header is required");
            return true;
        }

        return false;
    }

    /// <returns>Whether a fault model answered the request.</returns>
    private static async Task<bool> AnswerFaultAsync(HttpContext context, string model)
    {
        switch (model)
        {
            case "claude-429":
                context.Response.Headers.RetryAfter = "7";
                context.Response.Headers["anthropic-ratelimit-requests-remaining"] = "0";
                await WriteErrorAsync(context, 429, "rate_limit_error", "Number of requests has exceeded your per-minute rate limit.");
                return true;
            case "claude-529":
                context.Response.Headers["x-should-retry"] = "true";
                await WriteErrorAsync(context, 529, "overloaded_error", "Overloaded");
                return true;
            case "claude-500":
                await WriteErrorAsync(context, 500, "api_error", "Internal server error");
                return true;
            case "claude-403":
                await WriteErrorAsync(context, 403, "permission_error", "Your API key does not have permission to use the specified resource.");
                return true;
            case "claude-404":
                await WriteErrorAsync(context, 404, "not_found_error", "model: claude-404");
                return true;
            default:
                return false;
        }
    }

    /// <summary>The content of a <c>tool_result</c> block in the last user turn, as text; null when there is none.</summary>
    private static string? LastToolResult(JsonObject request)
    {
        if (request["messages"] is not JsonArray { Count: > 0 } messages || messages[^1] is not JsonObject last
            || last["content"] is not JsonArray blocks)
        {
            return null;
        }

        foreach (var block in blocks)
        {
            if (block?["type"]?.GetValue<string>() != "tool_result")
            {
                continue;
            }

            return block["content"] switch
            {
                JsonValue text => text.GetValue<string>(),
                JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
                _ => "",
            };
        }

        return null;
    }

    private string Usage(string model) => UsageByModel.TryGetValue(model, out var usage) ? usage : DefaultUsage;

    private string StartUsage(string model) => UsageByModel.TryGetValue(model, out var usage) ? usage : DefaultStartUsage;

    private string DeltaUsage(string model)
    {
        var usage = Usage(model);
        if (!DeltaUsageOutputOnly)
        {
            return usage;
        }

        try
        {
            return JsonNode.Parse(usage)?["output_tokens"] is JsonValue output ? $$"""{"output_tokens":{{output.ToJsonString()}}}""" : usage;
        }
        catch (JsonException)
        {
            return usage;
        }
    }

    private string Message(string model, string? toolResult)
    {
        var content = toolResult is not null ? TextBlock("Result: " + toolResult)
            : model switch
            {
                "claude-tool" => TextBlock("Let me check.") + "," + ToolUseBlock("{\"city\":\"Paris\"}"),
                "claude-thinking" => """{"type":"thinking","thinking":"Let me think.","signature":"EqQBfakesignature"},""" + TextBlock(AnswerText),
                _ => TextBlock(AnswerText),
            };
        var stop = toolResult is null && model == "claude-tool" ? "tool_use" : "end_turn";
        return $$"""{"id":"msg_fake01","type":"message","role":"assistant","model":{{JsonString(model)}},"content":[{{content}}],"stop_reason":"{{stop}}","stop_sequence":null,"usage":{{Usage(model)}}}""";
    }

    private async Task StreamAsync(HttpContext context, string model, string? toolResult)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            await EventAsync(context, "message_start", $$$"""{"type":"message_start","message":{"id":"msg_fake01","type":"message","role":"assistant","model":{{{JsonString(model)}}},"content":[],"stop_reason":null,"stop_sequence":null,"usage":{{{StartUsage(model)}}}}}""");
            var index = 0;
            if (toolResult is null && model == "claude-thinking")
            {
                await EventAsync(context, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""");
                await PingAsync(context);
                await DeltaAsync(context, 0, """{"type":"thinking_delta","thinking":"Let me think."}""");
                await _streamGate.Task.WaitAsync(context.RequestAborted);
                await DeltaAsync(context, 0, """{"type":"signature_delta","signature":"EqQBfakesignature"}""");
                await StopBlockAsync(context, 0);
                index = 1;
            }

            var text = toolResult is not null ? "Result: " + toolResult : model == "claude-tool" ? "Let me check." : AnswerText;
            await EventAsync(context, "content_block_start", $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"text","text":""}}""");
            if (index == 0)
            {
                await PingAsync(context);
            }

            await DeltaAsync(context, index, $$"""{"type":"text_delta","text":{{JsonString(text[..3])}}}""");
            if (model == "claude-midstream-error")
            {
                await EventAsync(context, "error", ErrorBody("overloaded_error", "Overloaded", context.Response.Headers["request-id"].ToString()));
                return;
            }

            await _streamGate.Task.WaitAsync(context.RequestAborted);
            if (model == "claude-abort")
            {
                context.Abort();
                return;
            }

            await DeltaAsync(context, index, $$"""{"type":"text_delta","text":{{JsonString(text[3..])}}}""");
            await StopBlockAsync(context, index);
            var stop = "end_turn";
            if (toolResult is null && model == "claude-tool")
            {
                index++;
                await EventAsync(context, "content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ""","content_block":{"type":"tool_use","id":"toolu_fake01","name":"get_weather","input":{}}}""");
                await DeltaAsync(context, index, """{"type":"input_json_delta","partial_json":""}""");
                await DeltaAsync(context, index, """{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}""");
                await DeltaAsync(context, index, """{"type":"input_json_delta","partial_json":"is\"}"}""");
                await StopBlockAsync(context, index);
                stop = "tool_use";
            }

            await EventAsync(context, "message_delta", $$"""{"type":"message_delta","delta":{"stop_reason":"{{stop}}","stop_sequence":null},"usage":{{DeltaUsage(model)}}}""");
            await EventAsync(context, "message_stop", """{"type":"message_stop"}""");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            _streamCancelled.TrySetResult();
        }
    }

    private static Task PingAsync(HttpContext context) => EventAsync(context, "ping", """{"type":"ping"}""");

    private static Task DeltaAsync(HttpContext context, int index, string delta) =>
        EventAsync(context, "content_block_delta", $$"""{"type":"content_block_delta","index":{{index}},"delta":{{delta}}}""");

    private static Task StopBlockAsync(HttpContext context, int index) =>
        EventAsync(context, "content_block_stop", $$"""{"type":"content_block_stop","index":{{index}}}""");

    private static async Task EventAsync(HttpContext context, string name, string json)
    {
        await context.Response.WriteAsync("event: " + name + "\ndata: " + json + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static string TextBlock(string text) => $$"""{"type":"text","text":{{JsonString(text)}}}""";

    private static string ToolUseBlock(string input) => $$"""{"type":"tool_use","id":"toolu_fake01","name":"get_weather","input":{{input}}}""";

    private static JsonObject ModelInfo(string id) => new()
    {
        ["type"] = "model",
        ["id"] = id,
        ["display_name"] = id,
        ["created_at"] = "2025-09-29T00:00:00Z",
    };

    private static string JsonString(string value) => JsonValue.Create(value)!.ToJsonString();

    private static Task WriteErrorAsync(HttpContext context, int status, string type, string message) =>
        WriteJsonAsync(context, status, ErrorBody(type, message, context.Response.Headers["request-id"].ToString()));

    private static Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
