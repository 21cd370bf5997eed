using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding.Kinds;

/// <summary>
/// <c>anthropic</c>: the native Messages API, <c>x-api-key</c> plus <c>anthropic-version</c>. The base URL may name
/// the API's root or its <c>/v1</c>: <c>{base'}</c> is the base without its trailing <c>/</c>, plus <c>/v1</c> unless
/// it already ends so (<c>https://api.anthropic.com</c>, <c>https://api.anthropic.com/v1</c> and a proxy's
/// <c>https://host/anthropic</c> all work). OpenAI chat requests are served by translation; nothing else is.
/// </summary>
internal sealed class AnthropicKindRules : ProviderKindRules
{
    public override ProviderKind Kind => ProviderKind.Anthropic;

    public override string Name => ProviderKeys.ProviderNames.Anthropic;

    public override WireFormat WireFormat => WireFormat.AnthropicMessages;

    public override ProviderAuthScheme AuthScheme => ProviderAuthScheme.XApiKey;

    public override ProviderHeaderPolicy HeaderPolicy => ProviderHeaderPolicy.Anthropic;

    public override bool Serves(string operation) =>
        operation is UpstreamOperations.Chat or UpstreamOperations.Messages or UpstreamOperations.CountTokens;

    public override string? Url(ProviderKeyRecord key, string operation, string? deployment) => operation switch
    {
        UpstreamOperations.Chat or UpstreamOperations.Messages => ApiBase(key.BaseUrl) + "/messages",
        UpstreamOperations.CountTokens => ApiBase(key.BaseUrl) + "/messages/count_tokens",
        _ => null,
    };

    /// <summary><c>{base'}</c>: without the trailing <c>/</c>, with <c>/v1</c> unless it ends in it.</summary>
    public static string ApiBase(string baseUrl)
    {
        var trimmed = baseUrl.TrimEnd('/');
        return trimmed.EndsWith("/v1", StringComparison.Ordinal) ? trimmed : trimmed + "/v1";
    }
}
