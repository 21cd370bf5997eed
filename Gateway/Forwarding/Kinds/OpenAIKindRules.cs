using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding.Kinds;

/// <summary>
/// <c>openai</c> and <c>openai-compatible</c>: <c>Authorization: Bearer</c>, <c>{base}/chat/completions</c> and the
/// other OpenAI paths under the base URL, the caller's <c>api-version</c> passed on (some compatible servers want it).
/// </summary>
internal sealed class OpenAIKindRules(ProviderKind kind, string name) : ProviderKindRules
{
    public override ProviderKind Kind => kind;

    public override string Name => name;

    public override WireFormat WireFormat => WireFormat.OpenAIChat;

    public override ProviderAuthScheme AuthScheme => ProviderAuthScheme.Bearer;

    public override ProviderHeaderPolicy HeaderPolicy => ProviderHeaderPolicy.OpenAI;

    /// <summary>Every OpenAI operation; <c>messages</c> translated to chat; <c>count_tokens</c> as a local estimate.</summary>
    public override bool Serves(string operation) => operation is UpstreamOperations.Chat or UpstreamOperations.Completions
        or UpstreamOperations.Embeddings or UpstreamOperations.Responses or UpstreamOperations.Messages or UpstreamOperations.CountTokens;

    public override string? Url(ProviderKeyRecord key, string operation, string? deployment) => operation switch
    {
        UpstreamOperations.Chat or UpstreamOperations.Messages => Base(key) + "/chat/completions",
        UpstreamOperations.Completions => Base(key) + "/completions",
        UpstreamOperations.Embeddings => Base(key) + "/embeddings",
        UpstreamOperations.Responses => Base(key) + "/responses",
        _ => null,
    };

    public override QueryString ForwardedQuery(IQueryCollection query) => ProviderHeaderPolicy.ForwardedQuery(query);

    private static string Base(ProviderKeyRecord key) => key.BaseUrl.TrimEnd('/');
}
