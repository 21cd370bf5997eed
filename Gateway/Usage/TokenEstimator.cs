using Microsoft.ML.Tokenizers;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Counts tokens with the o200k_base encoding (its vocabulary ships in a NuGet package: nothing is downloaded), for
/// answers whose upstream reported no usage. Used only then, so the request path pays nothing for it otherwise.
/// </summary>
internal sealed class TokenEstimator
{
    private readonly Lazy<Tokenizer> _tokenizer = new(static () => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Tokens a chat format adds per message around its text: 3 of framing and 1 for the role (OpenAI's count).</summary>
    public const int TokensPerPart = 4;

    /// <summary>Tokens a chat format adds once per prompt (the reply's priming).</summary>
    public const int TokensPerPrompt = 3;

    /// <summary>
    /// A prompt's tokens as a provider counts them, for reservations: its text plus the framing of each text part
    /// (counted as a message of its own, so a prompt of multi-part messages comes out a little over, never under).
    /// </summary>
    public long EstimatePrompt(TextSample sample) => Estimate(sample) + (TokensPerPart * sample.Parts) + TokensPerPrompt;

    /// <summary>Tokens of <paramref name="sample"/>, scaled up when the sample is a cut of a longer text.</summary>
    public long Estimate(TextSample sample)
    {
        if (sample.TotalChars == 0)
        {
            return 0;
        }

        var text = sample.Text;
        var tokens = (long)_tokenizer.Value.CountTokens(text);
        return text.Length >= sample.TotalChars ? tokens : (long)Math.Ceiling(tokens * (double)sample.TotalChars / text.Length);
    }
}
