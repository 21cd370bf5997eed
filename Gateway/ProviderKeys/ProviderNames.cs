using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>The <c>provider</c> field's values: each kind's <see cref="ProviderKindRules.Name"/>.</summary>
internal static class ProviderNames
{
    public const string OpenAI = "openai";
    public const string OpenAICompatible = "openai-compatible";
    public const string Anthropic = "anthropic";
    public const string AzureOpenAI = "azure-openai";
    public const string Gemini = "gemini";

    /// <summary>Every accepted name, quoted, for error messages: <c>'openai', 'openai-compatible', ... or 'gemini'</c>.</summary>
    public static readonly string Listed = string.Join(", ", ProviderKindRules.All.SkipLast(1).Select(static r => $"'{r.Name}'"))
        + $" or '{ProviderKindRules.All[^1].Name}'";

    public static bool TryParse(string? name, out ProviderKind kind)
    {
        foreach (var rules in ProviderKindRules.All)
        {
            if (string.Equals(rules.Name, name, StringComparison.Ordinal))
            {
                kind = rules.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The kind's name; <c>unknown</c> for a value outside the enum (only a storage edit makes one), never another kind's.</summary>
    public static string ToName(ProviderKind kind) => ProviderKindRules.For(kind).Name;
}
