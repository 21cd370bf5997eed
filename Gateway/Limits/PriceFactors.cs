namespace XaiRouter.Gateway.Limits;

/// <summary>
/// Compounds price multipliers down a chain of keys. Each is at most 1000, but ten nested keys at 1000 pass decimal's
/// range (7.9e28) and every request of the deepest would fail; the product saturates at <see cref="Cap"/> instead, a
/// price no budget affords, and far enough below decimal's range for any request's cost times it.
/// </summary>
internal static class PriceFactors
{
    public const decimal Cap = 1_000_000_000_000m;

    /// <returns><paramref name="factor"/> times <paramref name="multiplier"/> (1 when null), within 0 and <see cref="Cap"/>.</returns>
    public static decimal Times(decimal factor, decimal? multiplier)
    {
        // The API stores 0 to 1000; anything else came from a storage edit, and a negative price would refill budgets.
        var m = multiplier ?? 1m;
        if (m <= 0m || factor <= 0m)
        {
            return 0m;
        }

        return m <= Cap / factor ? Math.Min(factor * m, Cap) : Cap;
    }
}
