namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>A model's price in USD per 1M tokens.</summary>
/// <param name="Input">Input tokens.</param>
/// <param name="CachedInput">Cached input tokens (cache reads); the input price when null.</param>
/// <param name="Output">Output tokens (reasoning included).</param>
/// <param name="CacheWrite">Input tokens written to the provider's prompt cache (Anthropic's cache creation); the input price when null.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.ModelPriceRecord")]
public sealed record ModelPriceRecord(
    [property: Id(0)] decimal Input,
    [property: Id(1)] decimal? CachedInput,
    [property: Id(2)] decimal Output,
    [property: Id(3)] decimal? CacheWrite = null)
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>
    /// The cost of one request in decimal: uncached input at the input price, cached input (cache reads) at the
    /// cached price, cache writes at the cache-write price, output (reasoning included, as providers bill it) at the
    /// output price; at most <see cref="UsageBounds.MaxCostUsd"/>. Counts reach 2^63-1 when a request's
    /// <c>max_tokens</c> allows it, and that at the highest price times the highest compounded price factor passed
    /// decimal's range: the settlement of such a request threw and its usage was never recorded.
    /// </summary>
    /// <param name="input">Every input token: uncached, cache reads and cache writes.</param>
    /// <param name="cachedInput">The cache reads among them.</param>
    /// <param name="output">Output tokens.</param>
    /// <param name="cacheWrite">The cache writes among the input tokens.</param>
    public decimal Cost(long input, long cachedInput, long output, long cacheWrite = 0) =>
        Math.Min(
            (((input - cachedInput - cacheWrite) * Input) + (cachedInput * (CachedInput ?? Input)) + (cacheWrite * (CacheWrite ?? Input)) + (output * Output))
            / PerMillion,
            UsageBounds.MaxCostUsd);
}
