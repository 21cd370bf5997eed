using System.Buffers;

namespace XaiRouter.Gateway.Translation;

/// <summary>Translates a whole client request body into the upstream's format (issue 17, part C).</summary>
internal static class RequestTranslation
{
    /// <summary>Writes the translated body to <paramref name="output"/>.</summary>
    /// <returns><see langword="null"/> on success, else why the request cannot go to this upstream.</returns>
    public static TranslationRefusal? Translate(ReadOnlySpan<byte> clientBody, TranslationContext context, IBufferWriter<byte> output) =>
        new("", $"Translation from {context.Client} to {context.Upstream} is not built yet.");
}
