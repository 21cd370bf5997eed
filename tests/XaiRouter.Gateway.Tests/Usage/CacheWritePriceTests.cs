using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 17, usage and cost: tokens written to a provider's prompt cache (Anthropic's cache creation) are input
/// priced apart, at the model's <c>cache_write</c> price; the built-in table has one for every Claude model.
/// </summary>
public sealed class CacheWritePriceTests
{
    private static readonly PriceTable Table = new();

    [Fact]
    public void Cost_PricesUncachedInputCacheReadsCacheWritesAndOutputEachAtTheirOwnPrice()
    {
        var sonnet = new ModelPriceRecord(3.00m, 0.30m, 15.00m, 3.75m);

        // 1,000 input tokens: 200 read from the cache, 300 written to it, 500 neither.
        var cost = sonnet.Cost(input: 1000, cachedInput: 200, output: 100, cacheWrite: 300);

        Assert.Equal(((500 * 3.00m) + (200 * 0.30m) + (300 * 3.75m) + (100 * 15.00m)) / 1_000_000m, cost);
        Assert.Equal(0.004185m, cost);
    }

    [Fact]
    public void Cost_WithoutACacheWritePrice_PricesTheWritesAsInput_AndWithoutWritesIsAsBefore()
    {
        var unpricedWrites = new ModelPriceRecord(2.00m, 0.50m, 8.00m);

        Assert.Equal(((800 * 2.00m) + (200 * 0.50m) + (10 * 8.00m)) / 1_000_000m, unpricedWrites.Cost(1000, 200, 10, cacheWrite: 300));
        Assert.Equal(unpricedWrites.Cost(1000, 200, 10), unpricedWrites.Cost(1000, 200, 10, cacheWrite: 0));
    }

    [Fact]
    public void EveryBuiltInClaudePrice_HasACacheWritePrice_OfAQuarterAboveInput()
    {
        var claude = Table.Defaults.Where(p => p.Key.StartsWith("claude-", StringComparison.Ordinal)).ToList();

        Assert.True(claude.Count >= 12, $"{claude.Count} Claude prices");
        foreach (var (model, price) in claude)
        {
            // Anthropic's published 5-minute cache write prices; Claude Haiku 3's is rounded to $0.30.
            var expected = model == "claude-3-haiku" ? 0.30m : price.Input * 1.25m;
            Assert.True(price.CacheWrite == expected, $"{model}: cache_write {price.CacheWrite}, expected {expected}");
        }

        Assert.Equal(3.75m, Table.Find("claude-sonnet-4-5-20250929")!.CacheWrite);
        Assert.Null(Table.Find("gpt-4o")!.CacheWrite);
    }
}
