using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>
/// The Gateway on a real socket with a tenant whose keys need translation: an <c>anthropic</c> key on the fake Anthropic
/// upstream (for OpenAI clients) and an <c>openai-compatible</c> key on the fake OpenAI upstream (for Anthropic clients).
/// Each fault model has a key of its own, so the cooldown it earns stays off the others.
/// </summary>
public sealed class TranslationSdkFixture : IAsyncLifetime
{
    public const string AnthropicProviderKey = "sk-ant-provider-key-0123456789";
    public const string OpenAIProviderKey = "sk-openai-provider-key-0123456789";

    /// <summary>The OpenAI-format model whose answer is scripted: a tool call, then the tool's result as text.</summary>
    public const string ScriptedToolModel = "gpt-tool";

    public FakeAnthropicUpstream Anthropic { get; private set; } = null!;

    public FakeUpstream OpenAI { get; private set; } = null!;

    public GatewayFactory Gateway { get; } = new() { RealSockets = true };

    public Uri GatewayAddress { get; private set; } = null!;

    public TenantSession Tenant { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Anthropic = await FakeAnthropicUpstream.StartAsync();
        Anthropic.ExpectedKey = AnthropicProviderKey;
        OpenAI = await FakeUpstream.StartAsync();
        OpenAI.Script = ScriptAsync;
        GatewayAddress = Gateway.Start();
        Tenant = await TenantSession.CreateAsync(Gateway, "translation");
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicProviderKey, "claude-sonnet-4-5", "claude-tool");
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicProviderKey, "claude-429");
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicProviderKey, "claude-529");
        await AddKeyAsync("openai-compatible", OpenAI.BaseUrl, OpenAIProviderKey, "gpt-4o", ScriptedToolModel);
        await AddKeyAsync("openai-compatible", OpenAI.BaseUrl, OpenAIProviderKey, "gpt-404");
        await AddKeyAsync("openai-compatible", OpenAI.BaseUrl, OpenAIProviderKey, "gpt-429");
        await AddKeyAsync("openai-compatible", OpenAI.BaseUrl, OpenAIProviderKey, "gpt-429-raw");
        await AddKeyAsync("openai-compatible", OpenAI.BaseUrl, OpenAIProviderKey, "gpt-529");
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await OpenAI.DisposeAsync();
        await Anthropic.DisposeAsync();
    }

    private async Task AddKeyAsync(string provider, string baseUrl, string apiKey, params string[] models)
    {
        using var response = await Tenant.Client.PostAsJsonAsync("/x/provider-keys", new { name = provider, provider, base_url = baseUrl, api_key = apiKey, models });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>OpenAI-format answers the fake does not give by itself: upstream errors by status, and a tool round trip.</summary>
    private static async Task<bool> ScriptAsync(HttpContext context, JsonNode? request, string path)
    {
        var model = request?["model"]?.GetValue<string>();
        switch (model)
        {
            case "gpt-404":
                await WriteAsync(context, 404, """{"error":{"message":"The model `gpt-404` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""");
                return true;
            case "gpt-429" or "gpt-429-raw":
                context.Response.Headers.RetryAfter = "7";
                await WriteAsync(context, 429, """{"error":{"message":"Rate limit reached.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
                return true;
            case "gpt-529":
                await WriteAsync(context, 529, """{"error":{"message":"The upstream is overloaded.","type":"server_error","param":null,"code":null}}""");
                return true;
            case ScriptedToolModel when ToolResult(request) is { } result:
                await WriteAsync(context, 200, """{"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"gpt-tool","choices":[{"index":0,"message":{"role":"assistant","content":"""
                    + JsonValue.Create("Result: " + result).ToJsonString()
                    + """},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":4,"total_tokens":34,"prompt_tokens_details":{"cached_tokens":10}}}""");
                return true;
            default:
                return false;
        }
    }

    /// <summary>The content of the last message when it is a tool result; null otherwise.</summary>
    private static string? ToolResult(JsonNode? request) =>
        request?["messages"] is JsonArray { Count: > 0 } messages && messages[^1]?["role"]?.GetValue<string>() == "tool"
            ? messages[^1]!["content"]!.GetValue<string>()
            : null;

    private static Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
