namespace XaiRouter.Gateway.Translation;

/// <summary>Settings of the translation between client and provider formats (<c>Translation:*</c>).</summary>
internal sealed class TranslationOptions
{
    public const string SectionName = "Translation";

    /// <summary>
    /// <c>Translation:DefaultMaxTokens</c>: the <c>max_tokens</c> sent to an Anthropic upstream for an OpenAI client that
    /// named no limit (Anthropic requires one).
    /// </summary>
    public long DefaultMaxTokens { get; set; } = 4096;
}
