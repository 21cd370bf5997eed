using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>Today's behaviour behind <see cref="ProviderKindRules"/> until the per-kind rules replace it (issue 17, part A).</summary>
internal sealed class StepZeroKindRules(ProviderKind kind) : ProviderKindRules
{
    private static readonly StepZeroKindRules[] All = [new(ProviderKind.OpenAI), new(ProviderKind.OpenAICompatible), new(ProviderKind.Anthropic), new(ProviderKind.AzureOpenAI), new(ProviderKind.Gemini)];

    public static StepZeroKindRules Of(ProviderKind kind) => All[(int)kind];

    public override ProviderKind Kind => kind;

    public override string Name => kind switch
    {
        ProviderKind.OpenAI => "openai",
        ProviderKind.Anthropic => "anthropic",
        ProviderKind.AzureOpenAI => "azure-openai",
        ProviderKind.Gemini => "gemini",
        _ => "openai-compatible",
    };

    // Issue 17 part B's minimal native Anthropic rule (part A's per-kind rules replace this file): an anthropic key
    // speaks the Messages API at {base'}/messages and serves no OpenAI-only operation.
    public override WireFormat WireFormat => kind == ProviderKind.Anthropic ? WireFormat.AnthropicMessages : WireFormat.OpenAIChat;

    public override ProviderAuthScheme AuthScheme => ProviderAuthScheme.For(kind);

    public override ProviderHeaderPolicy HeaderPolicy => ProviderHeaderPolicy.For(kind);

    public override bool Serves(string operation) =>
        kind != ProviderKind.Anthropic || operation is "chat" or "messages" or "count_tokens";

    public override Uri UpstreamUri(ProviderKeyRecord key, string operation, string model, IQueryCollection clientQuery)
    {
        var path = (kind, operation) switch
        {
            (ProviderKind.Anthropic, "count_tokens") => "/messages/count_tokens",
            (ProviderKind.Anthropic, _) => "/messages",
            (_, "completions") => "/completions",
            (_, "embeddings") => "/embeddings",
            (_, "responses") => "/responses",
            _ => "/chat/completions",
        };
        if (kind == ProviderKind.Anthropic && !key.BaseUrl.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal))
        {
            // {base'} is the base URL plus /v1 unless it already ends so (keys are stored as https://api.anthropic.com).
            path = "/v1" + path;
        }

        return ProviderKeyShape.Of(key).UpstreamUri(path, ProviderHeaderPolicy.ForwardedQuery(clientQuery));
    }
}
