namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>The <c>provider</c> field's values.</summary>
internal static class ProviderNames
{
    public const string OpenAI = "openai";
    public const string OpenAICompatible = "openai-compatible";
    public const string Anthropic = "anthropic";

    public static bool TryParse(string? name, out ProviderKind kind)
    {
        switch (name)
        {
            case OpenAI:
                kind = ProviderKind.OpenAI;
                return true;
            case OpenAICompatible:
                kind = ProviderKind.OpenAICompatible;
                return true;
            case Anthropic:
                kind = ProviderKind.Anthropic;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string ToName(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => OpenAI,
        ProviderKind.Anthropic => Anthropic,
        _ => OpenAICompatible,
    };
}
