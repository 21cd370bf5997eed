using Microsoft.AspNetCore.Http;
using Anthropic;
using Anthropic.Core;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// The Gateway on a real socket, two fake Anthropic upstreams and one fake OpenAI upstream, and a tenant whose provider
/// keys point at them: native anthropic keys for the Messages API tests, an openai key for the passthrough and
/// cross-format cases.
/// </summary>
public sealed class MessagesFixture : IAsyncLifetime
{
    public const string AnthropicKey = "sk-ant-upstream-provider-key-0123456789";
    public const string SecondAnthropicKey = "sk-ant-second-provider-key-0123456789";
    public const string OpenAIKey = "sk-openai-provider-key-0123456789";
    public const long MaxBody = 64 * 1024;

    /// <summary>Served by the main anthropic key.</summary>
    public const string Model = "claude-sonnet-4-5";

    /// <summary>Served first by <see cref="Anthropic"/> (which answers it 529), then by <see cref="SecondAnthropic"/>.</summary>
    public const string FailoverModel = "claude-failover";

    /// <summary>Served first by <see cref="Anthropic"/> (which answers it 529), then by the openai key (cross-format failover).</summary>
    public const string MixedModel = "claude-mixed";

    /// <summary>Like <see cref="MixedModel"/>, for the one test of a held-back 529 (so no other test's cooldown changes its plan).</summary>
    public const string MixedOverloadedModel = "claude-mixed-overloaded";

    /// <summary>Served only by the openai key.</summary>
    public const string OpenAIOnlyModel = "gpt-4o";

    public FakeAnthropicUpstream Anthropic { get; private set; } = null!;

    /// <summary>The main upstream's script: <see cref="FailoverModel"/> is overloaded there.</summary>
    public static readonly Func<HttpContext, System.Text.Json.Nodes.JsonNode?, string, Task<bool>> FailoverScript = static async (context, body, path) =>
    {
        if (path != "messages" || body?["model"]?.GetValue<string>() is not (FailoverModel or MixedModel or MixedOverloadedModel))
        {
            return false;
        }

        context.Response.StatusCode = 529;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(FakeAnthropicUpstream.ErrorBody("overloaded_error", "Overloaded"), context.RequestAborted);
        return true;
    };

    public FakeAnthropicUpstream SecondAnthropic { get; private set; } = null!;

    public FakeUpstream OpenAI { get; private set; } = null!;

    public GatewayFactory Gateway { get; } = new() { RealSockets = true, Settings = { ["Upstream:MaxRequestBodySize"] = MaxBody.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    public Uri GatewayAddress { get; private set; } = null!;

    public TenantSession Tenant { get; private set; } = null!;

    public string MainKeyId { get; private set; } = "";

    public string SecondKeyId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Anthropic = await FakeAnthropicUpstream.StartAsync();
        SecondAnthropic = await FakeAnthropicUpstream.StartAsync();
        OpenAI = await FakeUpstream.StartAsync();
        Anthropic.ExpectedKey = AnthropicKey;
        SecondAnthropic.ExpectedKey = SecondAnthropicKey;
        // Streams run to their end unless a test re-arms the gate.
        Anthropic.ReleaseStream();
        SecondAnthropic.ReleaseStream();
        OpenAI.ReleaseStream();
        Anthropic.Script = FailoverScript;

        GatewayAddress = Gateway.Start();
        Tenant = await TenantSession.CreateAsync(Gateway, "messages");
        MainKeyId = await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, [Model, "claude-tool", "claude-thinking", "claude-midstream-error", "claude-count"]);
        // Fault models get keys of their own, so the cooldowns they earn stay off the main key.
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, ["claude-429"]);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, ["claude-529"]);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, ["claude-404"]);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, ["claude-abort"]);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, [FailoverModel], priority: 0);
        SecondKeyId = await AddKeyAsync("anthropic", SecondAnthropic.BaseUrl, SecondAnthropicKey, [FailoverModel], priority: 1);
        await AddKeyAsync("openai", OpenAI.BaseUrl, OpenAIKey, [OpenAIOnlyModel]);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, [MixedModel], priority: 0);
        await AddKeyAsync("openai", OpenAI.BaseUrl, OpenAIKey, [MixedModel], priority: 1);
        await AddKeyAsync("anthropic", Anthropic.BaseUrl, AnthropicKey, [MixedOverloadedModel], priority: 0);
        await AddKeyAsync("openai", OpenAI.BaseUrl, OpenAIKey, [MixedOverloadedModel], priority: 1);
    }

    /// <summary>The official Anthropic SDK pointed at the Gateway's root, without retries.</summary>
    public AnthropicClient Client(string? apiKey = null, bool bearer = false, HttpClient? http = null)
    {
        var key = apiKey ?? Tenant.Key;
        var options = http is null
            ? new ClientOptions { BaseUrl = GatewayAddress.ToString().TrimEnd('/'), MaxRetries = 0, ApiKey = bearer ? null : key, AuthToken = bearer ? key : null }
            : new ClientOptions { BaseUrl = GatewayAddress.ToString().TrimEnd('/'), MaxRetries = 0, ApiKey = bearer ? null : key, AuthToken = bearer ? key : null, HttpClient = http };
        return new AnthropicClient(options);
    }

    public HttpClient Http() => new() { BaseAddress = GatewayAddress };

    public async Task<string> AddKeyAsync(string provider, string baseUrl, string apiKey, string[] models, int priority = 0)
    {
        using var response = await Tenant.Client.PostAsJsonAsync("/x/provider-keys", new { name = provider, provider, base_url = baseUrl, api_key = apiKey, models, priority });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await Anthropic.DisposeAsync();
        await SecondAnthropic.DisposeAsync();
        await OpenAI.DisposeAsync();
    }
}
