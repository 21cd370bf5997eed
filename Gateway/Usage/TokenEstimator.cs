using Microsoft.ML.Tokenizers;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Counts tokens with the o200k_base encoding (its vocabulary ships in a NuGet package: nothing is downloaded), for
/// answers whose upstream reported no usage. Used only then, so the request path pays nothing for it otherwise.
/// </summary>
internal sealed class TokenEstimator
{
    private readonly Lazy<Tokenizer> _tokenizer = new(static () => TiktokenTokenizer.CreateForEncoding("o200k_base"));

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
