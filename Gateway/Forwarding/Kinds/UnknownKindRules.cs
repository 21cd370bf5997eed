using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding.Kinds;

/// <summary>
/// A provider kind outside the enum, which only a storage edit produces: it serves nothing, so no request is sent
/// for it, and its name is no real kind's (an edited record never reads as <c>openai-compatible</c>).
/// </summary>
internal sealed class UnknownKindRules : ProviderKindRules
{
    public static readonly UnknownKindRules Instance = new();

    private UnknownKindRules()
    {
    }

    /// <summary>Not a kind; the vault binds it as <c>?</c>.</summary>
    public override ProviderKind Kind => (ProviderKind)(-1);

    public override string Name => "unknown";

    public override WireFormat WireFormat => WireFormat.OpenAIChat;

    public override ProviderAuthScheme AuthScheme => ProviderAuthScheme.Unknown;

    public override ProviderHeaderPolicy HeaderPolicy => ProviderHeaderPolicy.CommonOnly;

    public override bool Serves(string operation) => false;

    public override string? Url(ProviderKeyRecord key, string operation, string? deployment) => null;
}
