using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding.Kinds;

/// <summary>
/// <c>gemini</c>: Google's OpenAI-compatible endpoint (<c>https://generativelanguage.googleapis.com/v1beta/openai</c>,
/// or a proxy of it), <c>Authorization: Bearer</c>. The key never goes in a query (<c>?key=</c>), no caller query is
/// passed on (Google reads credentials from it), and a base URL with a query is refused for the same reason.
/// Chat and embeddings only; Anthropic clients through translation.
/// </summary>
internal sealed class GeminiKindRules : ProviderKindRules
{
    public const string OfficialBaseUrl = "https://generativelanguage.googleapis.com/v1beta/openai";

    public override ProviderKind Kind => ProviderKind.Gemini;

    public override string Name => ProviderKeys.ProviderNames.Gemini;

    public override WireFormat WireFormat => WireFormat.OpenAIChat;

    public override ProviderAuthScheme AuthScheme => ProviderAuthScheme.Bearer;

    public override ProviderHeaderPolicy HeaderPolicy => ProviderHeaderPolicy.CommonOnly;

    public override bool Serves(string operation) => operation is UpstreamOperations.Chat or UpstreamOperations.Embeddings
        or UpstreamOperations.Messages or UpstreamOperations.CountTokens;

    public override string? Url(ProviderKeyRecord key, string operation, string? deployment) => operation switch
    {
        UpstreamOperations.Chat or UpstreamOperations.Messages => key.BaseUrl.TrimEnd('/') + "/chat/completions",
        UpstreamOperations.Embeddings => key.BaseUrl.TrimEnd('/') + "/embeddings",
        _ => null,
    };

    public override string? BaseUrlProblem(Uri baseUrl) => string.IsNullOrEmpty(baseUrl.Query) ? null
        : $"'base_url' of a '{Name}' key must not have a query (the key is sent as a bearer token, never as '?key='); the official one is {OfficialBaseUrl}.";
}
