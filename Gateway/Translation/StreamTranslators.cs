namespace XaiRouter.Gateway.Translation;

/// <summary>Picks the stream translator for a pair of formats (issue 17, part D).</summary>
internal static class StreamTranslators
{
    public static IStreamTranslator Create(TranslationContext context) =>
        throw new NotSupportedException($"Stream translation from {context.Upstream} to {context.Client} is not built yet.");
}
