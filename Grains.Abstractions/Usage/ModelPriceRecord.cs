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
    /// output (reasoning included, as providers bill it) at the output price; at most
    /// <see cref="UsageBounds.MaxCostUsd"/>. Counts reach 2^63-1 when a request's <c>max_tokens</c> allows it, and that
    /// at the highest price (1,000,000 USD per 1M tokens) times the highest compounded price factor (10^12) passed
    /// decimal's range: the settlement of such a request threw and its usage was never recorded.
    /// </summary>
    public decimal Cost(long input, long cachedInput, long output) =>
        Math.Min((((input - cachedInput) * Input) + (cachedInput * (CachedInput ?? Input)) + (output * Output)) / PerMillion, UsageBounds.MaxCostUsd);
}
