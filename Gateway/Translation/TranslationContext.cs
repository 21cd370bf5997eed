namespace XaiRouter.Gateway.Translation;

/// <summary>What one attempt's translation needs to know: both formats, the attempt's model and the client's wishes.</summary>
internal sealed class TranslationContext
{
    public required WireFormat Client { get; init; }

    public required WireFormat Upstream { get; init; }

    public required ProviderKind UpstreamKind { get; init; }

    /// <summary>The attempt's model (alias and fallback resolved): always the one written upstream.</summary>
    public required string Model { get; init; }

    /// <summary><c>Translation:DefaultMaxTokens</c>, for OpenAI clients that named no limit.</summary>
    public required long DefaultMaxTokens { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Set by the request translation: whether the client asked for a stream.</summary>
    public bool Stream { get; set; }

    /// <summary>Set by the request translation (OpenAI clients): whether the client asked for the usage chunk.</summary>
    public bool ClientWantsUsage { get; set; }
}
