using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>Issue 17: the per-kind table (design §3): credential, header policy, wire format, operations served and their URLs.</summary>
public sealed class ProviderKindRulesTests
{
    private static ProviderKeyRecord Key(ProviderKind kind, string baseUrl, string? apiVersion = null, ImmutableDictionary<string, string>? deployments = null) =>
        new("T", "Pk", "n", kind, baseUrl, ["gpt-4o", "claude-sonnet-4-5"], "default", 1, 1, 0, new SealedSecret([], []), "f", DateTimeOffset.UnixEpoch,
            Format: ProviderKeyFormat.BoundV2, ApiVersion: apiVersion, Deployments: deployments);

    private static readonly IQueryCollection NoQuery = QueryCollection.Empty;

    public static TheoryData<ProviderKind, string, string, string?> Urls => new()
    {
        // kind, base URL, operation, URL (null: not served)
        { ProviderKind.OpenAI, "https://api.openai.com/v1/", "chat", "https://api.openai.com/v1/chat/completions" },
        { ProviderKind.OpenAI, "https://api.openai.com/v1", "messages", "https://api.openai.com/v1/chat/completions" },
        { ProviderKind.OpenAICompatible, "http://llm.example/v1", "completions", "http://llm.example/v1/completions" },
        { ProviderKind.OpenAICompatible, "http://llm.example/v1", "embeddings", "http://llm.example/v1/embeddings" },
        { ProviderKind.OpenAICompatible, "http://llm.example/v1", "responses", "http://llm.example/v1/responses" },
        { ProviderKind.Anthropic, "https://api.anthropic.com", "messages", "https://api.anthropic.com/v1/messages" },
        { ProviderKind.Anthropic, "https://api.anthropic.com/", "chat", "https://api.anthropic.com/v1/messages" },
        { ProviderKind.Anthropic, "https://api.anthropic.com/v1", "messages", "https://api.anthropic.com/v1/messages" },
        { ProviderKind.Anthropic, "https://api.anthropic.com/v1/", "count_tokens", "https://api.anthropic.com/v1/messages/count_tokens" },
        { ProviderKind.Anthropic, "https://host.example/anthropic", "messages", "https://host.example/anthropic/v1/messages" },
        { ProviderKind.Anthropic, "https://api.anthropic.com", "embeddings", null },
        { ProviderKind.Anthropic, "https://api.anthropic.com", "completions", null },
        { ProviderKind.Anthropic, "https://api.anthropic.com", "responses", null },
        { ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com/", "chat", "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" },
        { ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com", "messages", "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" },
        { ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com", "completions", "https://contoso.openai.azure.com/openai/deployments/gpt-4o/completions?api-version=2024-10-21" },
        { ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com", "embeddings", "https://contoso.openai.azure.com/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21" },
        { ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com", "responses", null },
        { ProviderKind.Gemini, "https://generativelanguage.googleapis.com/v1beta/openai/", "chat", "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions" },
        { ProviderKind.Gemini, "https://generativelanguage.googleapis.com/v1beta/openai", "embeddings", "https://generativelanguage.googleapis.com/v1beta/openai/embeddings" },
        { ProviderKind.Gemini, "https://generativelanguage.googleapis.com/v1beta/openai", "completions", null },
        { ProviderKind.Gemini, "https://generativelanguage.googleapis.com/v1beta/openai", "responses", null },
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public void UpstreamUri_FollowsTheKindsTable(ProviderKind kind, string baseUrl, string operation, string? expected)
    {
        var key = Key(kind, baseUrl);
        var rules = ProviderKindRules.For(kind);

        Assert.Equal(expected is not null, rules.Serves(operation));
        if (expected is null)
        {
            Assert.Throws<InvalidOperationException>(() => rules.UpstreamUri(key, operation, "gpt-4o", NoQuery));
        }
        else
        {
            Assert.Equal(expected, rules.UpstreamUri(key, operation, "gpt-4o", NoQuery).AbsoluteUri);
        }
    }

    [Theory]
    [InlineData(ProviderKind.OpenAI, "bearer", "Authorization", "Bearer ", "OpenAIChat")]
    [InlineData(ProviderKind.OpenAICompatible, "bearer", "Authorization", "Bearer ", "OpenAIChat")]
    [InlineData(ProviderKind.Anthropic, "x-api-key", "x-api-key", "", "AnthropicMessages")]
    [InlineData(ProviderKind.AzureOpenAI, "api-key", "api-key", "", "OpenAIChat")]
    [InlineData(ProviderKind.Gemini, "bearer", "Authorization", "Bearer ", "OpenAIChat")]
    public void Credential_AndWireFormat_PerKind(ProviderKind kind, string scheme, string header, string prefix, string format)
    {
        var rules = ProviderKindRules.For(kind);

        Assert.Same(rules.AuthScheme, ProviderAuthScheme.For(kind));
        Assert.Same(rules.HeaderPolicy, ProviderHeaderPolicy.For(kind));
        Assert.Equal((scheme, header, prefix), (rules.AuthScheme.Name, rules.AuthScheme.HeaderName, rules.AuthScheme.ValuePrefix));
        Assert.Equal(header, UpstreamCredential.HeaderName(kind));
        Assert.Equal(prefix + "key-1", UpstreamCredential.Create(kind, "key-1"u8));
        Assert.Equal(format, rules.WireFormat.ToString());
        Assert.True(rules.Serves("messages") && rules.Serves("count_tokens") && rules.Serves("chat"));
    }

    [Fact]
    public void HeaderPolicies_AzureAndGeminiTakeTheCommonHeadersOnly()
    {
        foreach (var kind in new[] { ProviderKind.AzureOpenAI, ProviderKind.Gemini })
        {
            var policy = ProviderHeaderPolicy.For(kind);
            Assert.True(policy.Forwards("Content-Type") && policy.Forwards("accept"));
            Assert.False(policy.Forwards("OpenAI-Beta") || policy.Forwards("anthropic-version") || policy.Forwards("OpenAI-Organization"));
            Assert.Empty(policy.Defaults);
        }

        Assert.True(ProviderHeaderPolicy.For(ProviderKind.OpenAI).Forwards("OpenAI-Beta"));
        Assert.Contains(("anthropic-version", "2023-06-01"), ProviderHeaderPolicy.For(ProviderKind.Anthropic).Defaults);
    }

    [Fact]
    public void Queries_OnlyTheOpenAIKindsPassTheCallersApiVersion_AzureSendsTheKeys()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["api-version"] = "2023-05-15", ["key"] = "caller-key" });
        var azure = Key(ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com", "2025-04-01-preview");

        Assert.Equal("http://llm.example/v1/chat/completions?api-version=2023-05-15",
            ProviderKindRules.For(ProviderKind.OpenAICompatible).UpstreamUri(Key(ProviderKind.OpenAICompatible, "http://llm.example/v1"), "chat", "gpt-4o", query).AbsoluteUri);
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
            ProviderKindRules.For(ProviderKind.Gemini).UpstreamUri(Key(ProviderKind.Gemini, "https://generativelanguage.googleapis.com/v1beta/openai"), "chat", "gpt-4o", query).AbsoluteUri);
        Assert.Equal("https://api.anthropic.com/v1/messages",
            ProviderKindRules.For(ProviderKind.Anthropic).UpstreamUri(Key(ProviderKind.Anthropic, "https://api.anthropic.com"), "messages", "claude-sonnet-4-5", query).AbsoluteUri);
        Assert.Equal("https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2025-04-01-preview",
            ProviderKindRules.For(ProviderKind.AzureOpenAI).UpstreamUri(azure, "chat", "gpt-4o", query).AbsoluteUri);
    }

    [Fact]
    public void AzureDeployments_AreMappedCachedPerDeployment_AndAnInvalidNameStaysOneEscapedSegment()
    {
        var map = ImmutableDictionary<string, string>.Empty.Add("gpt-4o", "prod.gpt-4o_1");
        var key = Key(ProviderKind.AzureOpenAI, "https://contoso.openai.azure.com", deployments: map);
        var edited = key with { Models = ["../../admin", "a/b", ".."] };
        var rules = ProviderKindRules.For(ProviderKind.AzureOpenAI);

        var mapped = rules.UpstreamUri(key, "chat", "gpt-4o", NoQuery);
        var again = rules.UpstreamUri(key, "chat", "gpt-4o", NoQuery);
        var ownName = rules.UpstreamUri(key, "chat", "claude-sonnet-4-5", NoQuery);

        Assert.Equal("https://contoso.openai.azure.com/openai/deployments/prod.gpt-4o_1/chat/completions?api-version=2024-10-21", mapped.AbsoluteUri);
        Assert.Same(mapped, again);
        Assert.Equal("https://contoso.openai.azure.com/openai/deployments/claude-sonnet-4-5/chat/completions?api-version=2024-10-21", ownName.AbsoluteUri);
        Assert.True(rules.Serves(key, "chat", "gpt-4o"));
        Assert.False(rules.Serves(key, "responses", "gpt-4o"));
        Assert.All(edited.Models, model => Assert.False(rules.Serves(edited, "chat", model)));
        Assert.Equal("/openai/deployments/..%2F..%2Fadmin/chat/completions", rules.UpstreamUri(edited, "chat", "../../admin", NoQuery).AbsolutePath);
        Assert.Equal("/openai/deployments/a%2Fb/chat/completions", rules.UpstreamUri(edited, "chat", "a/b", NoQuery).AbsolutePath);
        Assert.Throws<InvalidOperationException>(() => rules.UpstreamUri(edited, "chat", "..", NoQuery));
        Assert.Throws<ArgumentException>(() => rules.UpstreamUri(Key(ProviderKind.OpenAI, "https://api.openai.com/v1"), "chat", "gpt-4o", NoQuery));
    }
}
