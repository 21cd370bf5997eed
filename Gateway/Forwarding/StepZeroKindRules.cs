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

    public override WireFormat WireFormat => WireFormat.OpenAIChat;

    public override ProviderAuthScheme AuthScheme => ProviderAuthScheme.For(kind);

    public override ProviderHeaderPolicy HeaderPolicy => ProviderHeaderPolicy.For(kind);

    public override bool Serves(string operation) => true;

    public override Uri UpstreamUri(ProviderKeyRecord key, string operation, string model, IQueryCollection clientQuery) =>
        ProviderKeyShape.Of(key).UpstreamUri(operation == "chat" ? "/chat/completions" : "/" + operation, ProviderHeaderPolicy.ForwardedQuery(clientQuery));
}
