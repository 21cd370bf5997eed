namespace XaiRouter.Gateway.Translation;

/// <summary>Picks the stream translator for one attempt's pair of formats (issue 17, part D).</summary>
internal static class StreamTranslators
{
    /// <summary>A new translator for one stream (it keeps that stream's state).</summary>
    /// <exception cref="NotSupportedException">Both sides speak the same format: the bytes pass through untranslated.</exception>
    public static IStreamTranslator Create(TranslationContext context) => (context.Upstream, context.Client) switch
    {
        (WireFormat.OpenAIChat, WireFormat.AnthropicMessages) => new OpenAIChunksToAnthropicEvents(context),
        (WireFormat.AnthropicMessages, WireFormat.OpenAIChat) => new AnthropicEventsToOpenAIChunks(context),
        _ => throw new NotSupportedException($"A stream from {context.Upstream} to {context.Client} needs no translation."),
    };
}
