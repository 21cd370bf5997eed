using System.Buffers;

namespace XaiRouter.Gateway.Translation;

/// <summary>Translates whole (non-streamed) upstream answers into the client's format (issue 17, part C).</summary>
internal static class AnswerTranslation
{
    /// <summary>A whole 2xx answer.</summary>
    /// <returns><see langword="false"/> when it cannot be translated (the caller answers 502).</returns>
    public static bool TranslateJson(ReadOnlySpan<byte> upstreamJson, TranslationContext context, IBufferWriter<byte> output) => false;

    /// <summary>An error answer (the caller keeps its status) in the client's envelope; any body, even non-JSON or empty.</summary>
    public static void TranslateError(int status, ReadOnlySpan<byte> upstreamBody, TranslationContext context, IBufferWriter<byte> output)
    {
    }
}
