namespace XaiRouter.Grains.Abstractions.ProviderKeys;

/// <summary>The API an upstream provider speaks.</summary>
[GenerateSerializer]
[Alias("XaiRouter.ProviderKind")]
public enum ProviderKind
{
    /// <summary>OpenAI itself: bearer authentication.</summary>
    OpenAI = 0,

    /// <summary>Any OpenAI-compatible endpoint: bearer authentication.</summary>
    OpenAICompatible = 1,

    /// <summary>Anthropic: <c>x-api-key</c> and <c>anthropic-version</c>.</summary>
    Anthropic = 2,

    /// <summary>Azure OpenAI: deployment URLs with <c>api-version</c>, <c>api-key</c> header.</summary>
    AzureOpenAI = 3,

    /// <summary>Google Gemini's OpenAI-compatible endpoint: bearer authentication.</summary>
    Gemini = 4,
}
