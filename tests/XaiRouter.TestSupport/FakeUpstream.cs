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
/// A real HTTP server on 127.0.0.1 standing in for an LLM provider: OpenAI-shaped answers for chat completions
/// (plain and SSE), completions, embeddings and responses; it records every request it receives. A streamed answer
/// sends its first chunk, then waits for <see cref="ReleaseStream"/> before the rest, so a test can see the first
/// chunk arrive while the stream is still open. The model <c>upstream-429</c> answers a rate-limit error;
/// <c>no-usage</c> answers without usage; <c>upstream-500</c> answers a server error (a fault of that model alone); <c>upstream-403-model</c> answers OpenAI's 403 for a model the key's project may not use; <c>upstream-abort</c> streams one chunk, waits for <see cref="ReleaseStream"/>, then drops the connection.
/// A model named <c>usage-{prompt}-{completion}</c> reports those token counts (plain and streamed chat);
/// <see cref="OrganizationCheckedModel"/> and <see cref="RouterHeadersModel"/> test header hygiene.
/// It also answers as an Azure OpenAI resource at <see cref="RootUrl"/> (<c>/openai/deployments/{deployment}/{op}</c>,
/// answered like <c>/v1/{op}</c>; a deployment named <see cref="MissingDeployment"/> answers Azure's 404
/// <c>DeploymentNotFound</c>), <c>gemini-400</c> / <c>gemini-404</c> answer Google's array-wrapped errors, and
/// <c>/v1/messages</c> gets a minimal Anthropic message (for anthropic keys pointed here).
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _streamCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeUpstream(WebApplication app) => _app = app;

    private int _inFlight;
    private int _maxInFlight;
    private int _credentialsSeen;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>
    /// Called first for every answered request, with the parsed body (null when it is not JSON) and the path after
    /// <c>/v1/</c>; returns <see langword="true"/> when it answered. Lets a test script tool calls or odd chunks.
    /// </summary>
    public Func<HttpContext, JsonNode?, string, Task<bool>>? Script { get; set; }

    /// <summary>
    /// The <c>usage</c> object a model's chat answers report verbatim, plain and streamed (streamed: when asked), in
    /// place of the usual counts: negative, huge or malformed usage for tests of its validation.
    /// </summary>
    public ConcurrentDictionary<string, string> UsageByModel { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests being answered now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>How this upstream misbehaves (<see cref="UpstreamFault"/>), on top of the fault models.</summary>
    public UpstreamFault Fault { get; set; }

    /// <summary>The delay of <see cref="UpstreamFault.SlowFirstByte"/>.</summary>
    public TimeSpan SlowBy { get; set; } = TimeSpan.FromMilliseconds(50);

    private int _faultCounter;

    /// <summary>The most requests ever answered at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's root (<c>http://127.0.0.1:{port}</c>), as an Azure OpenAI resource endpoint.</summary>
    public string RootUrl { get; private set; } = "";

    /// <summary>An Azure deployment this fake resource does not have.</summary>
    public const string MissingDeployment = "missing-deployment";

    /// <summary>Requests on any path and method that carried a credential header (<c>Authorization</c>, <c>x-api-key</c>, <c>api-key</c>).</summary>
    public int CredentialsSeen => Volatile.Read(ref _credentialsSeen);

    /// <summary>Completes when a streamed answer saw its client go away.</summary>
    public Task StreamCancelled => _streamCancelled.Task;

    /// <param name="port">The loopback port to listen on; 0 (the default) lets the system choose.</param>
    public static async Task<FakeUpstream> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.ContainsKey("Authorization") || context.Request.Headers.ContainsKey("x-api-key") || context.Request.Headers.ContainsKey("api-key"))
            {
                Interlocked.Increment(ref upstream._credentialsSeen);
            }

            await next(context);
        });
        app.MapPost("/v1/{**path}", upstream.HandleAsync);
        app.MapPost("/openai/deployments/{deployment}/{**op}", (HttpContext context, string deployment, string op) =>
            deployment == MissingDeployment ? upstream.DeploymentNotFoundAsync(context) : upstream.HandleAsync(context, op));
        await app.StartAsync();
        upstream.RootUrl = app.Urls.Single();
        upstream.BaseUrl = upstream.RootUrl + "/v1";
        return upstream;
    }

    /// <summary>Lets the streamed answer currently waiting send its remaining chunks.</summary>
    public void ReleaseStream() => _streamGate.TrySetResult();

    /// <summary>Arms the gate and the cancellation signal for the next streamed answer.</summary>
    public void ResetStream()
    {
        _streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _streamCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string path)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = _maxInFlight; now > max; max = _maxInFlight)
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, max);
        }

        try
        {
            await AnswerAsync(context, path);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context, string path)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));

        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            await WriteJsonAsync(context, 400, """{"error":{"message":"We could not parse the JSON body of your request.","type":"invalid_request_error","param":null,"code":null}}""");
            return;
        }

        if (Script is { } script && await script(context, request, path))
        {
            return;
        }

        var model = request?["model"]?.GetValue<string>() ?? "unknown";
        if (await MisbehaveAsync(context, request?["stream"]?.GetValue<bool>() == true, model))
        {
            return;
        }

        if (model == OrganizationCheckedModel && (context.Request.Headers.ContainsKey("OpenAI-Organization") || context.Request.Headers.ContainsKey("OpenAI-Project")))
        {
            // What api.openai.com answers when the header names an organization the key is not a member of.
            await WriteJsonAsync(context, 401, """{"error":{"message":"OpenAI-Organization header should match organization for API key","type":"invalid_request_error","param":null,"code":"mismatched_organization"}}""");
            return;
        }

        context.Response.Headers.SetCookie = "upstream-session=1; Path=/";
        context.Response.Headers["x-request-id"] = "upstream-req-1";
        if (model.StartsWith(RouterHeadersModel, StringComparison.Ordinal))
        {
            foreach (var (name, value) in SpoofedRouterHeaders)
            {
                context.Response.Headers[name] = value;
            }
        }

        if (model == "upstream-429")
        {
            context.Response.Headers.RetryAfter = "7";
            await WriteJsonAsync(context, 429, """{"error":{"message":"Rate limit reached for upstream-429.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
            return;
        }

        if (model == "upstream-403-model")
        {
            // What OpenAI answers when the key's project is restricted to other models: a refusal of the model, not of the key.
            await WriteJsonAsync(context, 403, """{"error":{"message":"Project `proj_test` does not have access to model `upstream-403-model`","type":"invalid_request_error","param":null,"code":"model_not_found"}}""");
            return;
        }

        if (model is "gemini-400" or "gemini-404")
        {
            // What Google's OpenAI-compatible endpoint answers: the error wrapped in an array, the HTTP status as a number.
            var (status, code) = model == "gemini-400" ? (400, "INVALID_ARGUMENT") : (404, "NOT_FOUND");
            await WriteJsonAsync(context, status, $$$"""[{"error":{"code":{{{status}}},"message":"models/{{{model}}} failed: {{{code}}}","status":"{{{code}}}"}}]""");
            return;
        }

        if (model == "upstream-500")
        {
            await WriteJsonAsync(context, 500, """{"error":{"message":"The model upstream-500 failed.","type":"server_error","param":null,"code":null}}""");
            return;
        }

        var stream = request is JsonObject json && json["stream"] is JsonValue flag && flag.GetValue<bool>();
        switch (path)
        {
            case "chat/completions" when stream && model == "upstream-abort":
                context.Response.ContentType = "text/event-stream";
                await WriteEventAsync(context, ChatChunk(model, "{\"role\":\"assistant\",\"content\":\"Hel\"}", null));
                await _streamGate.Task.WaitAsync(context.RequestAborted);
                context.Abort();
                break;
            case "chat/completions" when stream:
                await StreamChatAsync(context, model, request?["stream_options"]?["include_usage"]?.GetValue<bool>() == true);
                break;
            case "chat/completions" when model == "no-usage":
                await WriteJsonAsync(context, 200, """{"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"no-usage","choices":[{"index":0,"message":{"role":"assistant","content":"hello from an upstream that counts nothing"},"finish_reason":"stop"}]}""");
                break;
            case "chat/completions":
                await WriteJsonAsync(context, 200, UsageByModel.TryGetValue(model, out var usage)
                    ? ChatCompletion(model, request).Split("\"usage\":")[0] + "\"usage\":" + usage + "}"
                    : ChatCompletion(model, request));
                break;
            case "completions":
                await WriteJsonAsync(context, 200, $$$"""{"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"{{{model}}}","choices":[{"text":"hello","index":0,"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""");
                break;
            case "embeddings":
                await WriteJsonAsync(context, 200, $$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,1.0]}],"model":"{{{model}}}","usage":{"prompt_tokens":3,"total_tokens":3}}""");
                break;
            case "responses":
                await WriteJsonAsync(context, 200, Response(model));
                break;
            case "messages":
                // What an anthropic key on this fake is sent (issue 17): a plain Messages answer, so header tests pass
                // whether the request was translated or not. FakeAnthropicUpstream speaks the whole Messages API.
                await WriteJsonAsync(context, 200, $$$"""{"id":"msg_1","type":"message","role":"assistant","model":"{{{model}}}","content":[{"type":"text","text":"hello from upstream"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":2}}""");
                break;
            default:
                await WriteJsonAsync(context, 404, """{"error":{"message":"Unknown path.","type":"invalid_request_error","param":null,"code":null}}""");
                break;
        }
    }

    /// <summary>Azure OpenAI's answer for a deployment the resource does not have.</summary>
    private async Task DeploymentNotFoundAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        await WriteJsonAsync(context, 404, """{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""");
    }

    /// <returns>Whether the fault answered the request.</returns>
    private async Task<bool> MisbehaveAsync(HttpContext context, bool stream, string model)
    {
        switch (Fault)
        {
            case UpstreamFault.Always500:
            case UpstreamFault.Thirty500 when Interlocked.Increment(ref _faultCounter) % 10 < 3:
                await WriteJsonAsync(context, 500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""");
                return true;
            case UpstreamFault.TooManyRequests:
                context.Response.Headers.RetryAfter = "7";
                await WriteJsonAsync(context, 429, """{"error":{"message":"Rate limit reached.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
                return true;
            case UpstreamFault.Unauthorized:
                await WriteJsonAsync(context, 401, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""");
                return true;
            case UpstreamFault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                return true;
            case UpstreamFault.SlowFirstByte:
                await Task.Delay(SlowBy, context.RequestAborted);
                return false;
            case UpstreamFault.DropMidStream when stream:
                context.Response.ContentType = "text/event-stream";
                await WriteEventAsync(context, ChatChunk(model, "{\"role\":\"assistant\",\"content\":\"Hel\"}", null));
                await _streamGate.Task.WaitAsync(context.RequestAborted);
                context.Abort();
                return true;
            default:
                return false;
        }
    }

    /// <summary>A model whose requests are refused with 401 <c>mismatched_organization</c> when they carry <c>OpenAI-Organization</c> or <c>OpenAI-Project</c>.</summary>
    public const string OrganizationCheckedModel = "org-checked";

    /// <summary>Models named so (and longer) are answered with <see cref="SpoofedRouterHeaders"/> on top of the upstream's own <c>x-request-id</c>.</summary>
    public const string RouterHeadersModel = "router-headers";

    /// <summary>Headers a router sets on its own answers, as an upstream could send them to add or double them.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> SpoofedRouterHeaders =
    [
        ("x-xai-provider-key", "pk-from-upstream"),
        ("x-xai-attempts", "9"),
        ("x-upstream-request-id", "spoofed-upstream-id"),
        ("x-ratelimit-limit-requests", "999999"),
        ("x-ratelimit-remaining-requests", "999998"),
        ("x-ratelimit-reset-requests", "1ms"),
        ("x-ratelimit-limit-tokens", "888888"),
        ("x-budget-warning", "from upstream"),
    ];

    /// <summary>The usage a streamed chat completion reports when asked (<c>stream_options.include_usage</c>).</summary>
    public const string StreamUsage = """{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":1}}""";

    private async Task StreamChatAsync(HttpContext context, string model, bool includeUsage)
    {
        context.Response.ContentType = "text/event-stream";
        try
        {
            await WriteEventAsync(context, ChatChunk(model, "{\"role\":\"assistant\",\"content\":\"Hel\"}", null));
            await _streamGate.Task.WaitAsync(context.RequestAborted);
            await WriteEventAsync(context, ChatChunk(model, "{\"content\":\"lo\"}", null));
            await WriteEventAsync(context, ChatChunk(model, "{}", "\"stop\""));
            if (includeUsage)
            {
                var usage = UsageByModel.TryGetValue(model, out var reported) ? reported
                    : ReportedUsage(model) is var (prompt, completion) ? $$"""{"prompt_tokens":{{prompt}},"completion_tokens":{{completion}},"total_tokens":{{prompt + completion}}}""" : StreamUsage;
                await WriteEventAsync(context, $$$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"{{{model}}}","choices":[],"usage":{{{usage}}}}""");
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            _streamCancelled.TrySetResult();
        }
    }

    private static async Task WriteEventAsync(HttpContext context, string json)
    {
        await context.Response.WriteAsync("data: " + json + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static string ChatChunk(string model, string delta, string? finishReason) =>
        $$$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"{{{model}}}","choices":[{"index":0,"delta":{{{delta}}},"finish_reason":{{{finishReason ?? "null"}}}}]}""";

    /// <summary>A completion; when the request offers tools, the answer calls the first one with fixed arguments.</summary>
    private static string ChatCompletion(string model, JsonNode? request)
    {
        var tool = request?["tools"]?[0]?["function"]?["name"]?.GetValue<string>();
        var message = tool is null
            ? """{"role":"assistant","content":"hello from upstream"}"""
            : $$$"""{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"{{{tool}}}","arguments":"{\"city\":\"Paris\"}"}}]}""";
        var finish = tool is null ? "stop" : "tool_calls";
        var (prompt, completion) = ReportedUsage(model) ?? (5, 2);
        return $$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"{{{model}}}","choices":[{"index":0,"message":{{{message}}},"finish_reason":"{{{finish}}}"}],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""";
    }

    /// <summary>The counts a <c>usage-{prompt}-{completion}</c> model reports.</summary>
    private static (int Prompt, int Completion)? ReportedUsage(string model) =>
        model.Split('-') is ["usage", var prompt, var completion] && int.TryParse(prompt, out var p) && int.TryParse(completion, out var c) ? (p, c) : null;

    private static string Response(string model) =>
        $$$"""{"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","model":"{{{model}}}","output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"hello from responses","annotations":[]}]}],"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":{"input_tokens":3,"output_tokens":3,"total_tokens":6}}""";
}
