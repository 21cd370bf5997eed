using System.Buffers;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>Translates a whole client request body into the upstream's format (README "Translation").</summary>
internal static class RequestTranslation
{
    /// <summary>The message of a refusal for a shape the field checks did not foresee (tests assert it never happens).</summary>
    internal const string UnforeseenShape = "The request body could not be translated for this provider.";

    /// <summary>
    /// Writes the translated body to <paramref name="output"/> and sets <see cref="TranslationContext.Stream"/> and
    /// <see cref="TranslationContext.ClientWantsUsage"/>. The model written is always <see cref="TranslationContext.Model"/>.
    /// </summary>
    /// <returns>
    /// <see langword="null"/> on success, else the field that cannot go to this upstream (then whatever was written to
    /// <paramref name="output"/> is to be discarded). It never throws on bad input.
    /// </returns>
    public static TranslationRefusal? Translate(ReadOnlySpan<byte> clientBody, TranslationContext context, IBufferWriter<byte> output)
    {
        if (context.Client == context.Upstream)
        {
            output.Write(clientBody);
            return null;
        }

        if (!System.Text.Unicode.Utf8.IsValid(clientBody))
        {
            // The reader checks UTF-8 only where a text is decoded, which a field name in a refusal or a copied text
            // would do half-way through the writing: one vectorized pass first gives the client a clear answer.
            return new TranslationRefusal("", "The request body is not valid UTF-8.");
        }

        TranslationJson.PooledDocument document;
        try
        {
            document = TranslationJson.Parse(clientBody);
        }
        catch (JsonException)
        {
            return new TranslationRefusal("", "The request body is not valid JSON (or names a field twice).");
        }

        using (document)
        {
            if (document.Root.ValueKind != JsonValueKind.Object)
            {
                return new TranslationRefusal("", "The request body must be a JSON object.");
            }

            using var scratch = new PooledBufferWriter();
            using var writer = new Utf8JsonWriter(output, TranslationJson.WriterOptions);
            try
            {
                var refusal = context.Client == WireFormat.OpenAIChat
                    ? OpenAIToAnthropicRequest.Write(document.Root, context, writer, scratch)
                    : AnthropicToOpenAIRequest.Write(document.Root, context, writer, scratch);
                writer.Flush();
                return refusal;
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or JsonException or FormatException)
            {
                // A shape the field checks did not foresee (a text that is not valid UTF-8, nesting too deep to write):
                // still the client's input, so a refusal rather than a 500.
                return new TranslationRefusal("", UnforeseenShape);
            }
        }
    }
}
