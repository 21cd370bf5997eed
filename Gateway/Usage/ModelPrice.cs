namespace XaiRouter.Gateway.Usage;

/// <summary>A model's price in USD per 1M tokens.</summary>
internal sealed record ModelPrice(decimal Input, decimal? CachedInput, decimal Output)
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>
    /// The cost of one request, in decimal: uncached input at the input price, cached input at the cached price (the
    /// input price when none is set), output (reasoning included, as providers bill it) at the output price.
    /// </summary>
    public decimal Cost(long input, long cachedInput, long output) =>
        (((input - cachedInput) * Input) + (cachedInput * (CachedInput ?? Input)) + (output * Output)) / PerMillion;
}
