using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Core;
using Microsoft.AspNetCore.Http;
using OpenAI;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// The Gateway on a real socket with a fake Anthropic upstream and a fake OpenAI upstream, and a tenant whose keys make
/// every streamed answer cross formats: an openai-compatible key for Anthropic clients, an anthropic key for OpenAI
/// clients, and a model whose first key (anthropic) is overloaded and whose second (openai-compatible) serves it.
/// </summary>
public sealed class StreamTranslationFixture : IAsyncLifetime
{
    public const string AnthropicKey = "sk-ant-stream-translation-key-0123456789";
    public const string OpenAIKey = "sk-openai-stream-translation-key-0123456789";

    /// <summary>Served by the openai-compatible key only (Anthropic clients are translated).</summary>
    public const string OpenAIModel = "gpt-4o";

    /// <summary>Served by the anthropic key only (OpenAI clients are translated).</summary>
    public const string AnthropicModel = "claude-sonnet-4-5";

    /// <summary>First the anthropic key (which answers 529), then the openai-compatible key.</summary>
    public const string FailoverModel = "claude-mixed-stream";

    public FakeAnthropicUpstream Anthropic { get; private set; } = null!;

    public FakeUpstream OpenAI { get; private set; } = null!;

    public GatewayFactory Gateway { get; } = new() { RealSockets = true };

    public Uri GatewayAddress { get; private set; } = null!;

    public TenantSession Tenant { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Anthropic = await FakeAnthropicUpstream.StartAsync();
        OpenAI = await FakeUpstream.StartAsync();
        Anthropic.ExpectedKey = AnthropicKey;
        Anthropic.ReleaseStream();
        OpenAI.ReleaseStream();
        Anthropic.Script = OverloadedScript;
        OpenAI.Script = ToolCallStreamScript;

        GatewayAddress = Gateway.Start();
        Tenant = await TenantSession.CreateAsync(Gateway, "stream-translation");
        await AddKeyAsync("openai-compatible", OpenAI.BaseUrl, OpenAIKey, [OpenAIModel], priority: 0);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, [AnthropicModel, "claude-tool"], priority: 0);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, [FailoverModel], priority: 0);
        await AddKeyAsync("openai-compatible", OpenAI.BaseUrl, OpenAIKey, [FailoverModel], priority: 1);
    }

    /// <summary>The official Anthropic SDK pointed at the Gateway's root, without retries.</summary>
    public AnthropicClient AnthropicClient() =>
        new(new ClientOptions { BaseUrl = GatewayAddress.ToString().TrimEnd('/'), MaxRetries = 0, ApiKey = Tenant.Key });

    /// <summary>The official OpenAI SDK pointed at the Gateway's <c>/v1</c>.</summary>
    public OpenAIClient OpenAIClient() =>
        new(new System.ClientModel.ApiKeyCredential(Tenant.Key), new OpenAIClientOptions { Endpoint = new Uri(GatewayAddress, "/v1") });

    public HttpClient Http() => new() { BaseAddress = GatewayAddress };

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await Anthropic.DisposeAsync();
        await OpenAI.DisposeAsync();
    }

    /// <summary>The anthropic key is overloaded for <see cref="FailoverModel"/>.</summary>
    private static async Task<bool> OverloadedScript(HttpContext context, JsonNode? body, string path)
    {
        if (path != "messages" || body?["model"]?.GetValue<string>() != FailoverModel)
        {
            return false;
        }

        context.Response.StatusCode = 529;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(FakeAnthropicUpstream.ErrorBody("overloaded_error", "Overloaded"), context.RequestAborted);
        return true;
    }

    /// <summary>A streamed request that offers tools is answered with a text chunk and two streamed tool calls, as OpenAI sends them.</summary>
    private static async Task<bool> ToolCallStreamScript(HttpContext context, JsonNode? body, string path)
    {
        if (path != "chat/completions" || body?["stream"]?.GetValue<bool>() != true || body["tools"] is null)
        {
            return false;
        }

        context.Response.ContentType = "text/event-stream";
        string[] deltas =
        [
            """{"role":"assistant","content":"Checking."}""",
            """{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}""",
            """{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}""",
            """{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}""",
            """{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]}""",
        ];
        foreach (var delta in deltas)
        {
            await context.Response.WriteAsync($$"""data: {"id":"chatcmpl-t","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{{delta}},"finish_reason":null}]}""" + "\n\n", context.RequestAborted);
        }

        await context.Response.WriteAsync("""data: {"id":"chatcmpl-t","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""" + "\n\n", context.RequestAborted);
        await context.Response.WriteAsync("""data: {"id":"chatcmpl-t","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":20,"total_tokens":50,"prompt_tokens_details":{"cached_tokens":10}}}""" + "\n\n", context.RequestAborted);
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        return true;
    }

    private async Task AddKeyAsync(string provider, string baseUrl, string apiKey, string[] models, int priority)
    {
        using var response = await Tenant.Client.PostAsJsonAsync("/x/provider-keys", new { name = provider, provider, base_url = baseUrl, api_key = apiKey, models, priority });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
