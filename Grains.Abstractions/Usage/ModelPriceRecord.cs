namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>A model's price in USD per 1M tokens.</summary>
/// <param name="Input">Input tokens.</param>
/// <param name="CachedInput">Cached input tokens; the input price when null.</param>
/// <param name="Output">Output tokens (reasoning included).</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.ModelPriceRecord")]
public sealed record ModelPriceRecord(
    [property: Id(0)] decimal Input,
    [property: Id(1)] decimal? CachedInput,
    [property: Id(2)] decimal Output)
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>
    /// The cost of one request in decimal: uncached input at the input price, cached input at the cached price,
    /// output (reasoning included, as providers bill it) at the output price.
    /// </summary>
    public decimal Cost(long input, long cachedInput, long output) =>
        (((input - cachedInput) * Input) + (cachedInput * (CachedInput ?? Input)) + (output * Output)) / PerMillion;
}
