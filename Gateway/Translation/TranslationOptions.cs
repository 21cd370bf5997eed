namespace XaiRouter.Gateway.Translation;

/// <summary>Settings of the translation between client and provider formats, configuration section <c>Translation</c>.</summary>
internal sealed class TranslationOptions
{
    public const string SectionName = "Translation";

    /// <summary>Default of <see cref="DefaultMaxTokens"/>.</summary>
    public const long DefaultDefaultMaxTokens = 4096;

    /// <summary>Largest accepted <see cref="DefaultMaxTokens"/>.</summary>
    public const long MaxDefaultMaxTokens = 1_000_000;

    /// <summary>
    /// <c>Translation:DefaultMaxTokens</c>: the <c>max_tokens</c> sent to an Anthropic upstream for an OpenAI client that
    /// named no limit (Anthropic requires one), in tokens. Default 4096; 1 to 1,000,000.
    /// </summary>
    public long DefaultMaxTokens { get; set; } = DefaultDefaultMaxTokens;
}
