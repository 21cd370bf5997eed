namespace XaiRouter.Gateway.Usage;

/// <summary>One model's price in <c>PUT /x/prices</c>, USD per 1M tokens.</summary>
/// <param name="Input">Input tokens.</param>
/// <param name="CachedInput">Cache reads (<c>cached_input</c>); the input price when absent.</param>
/// <param name="Output">Output tokens.</param>
/// <param name="CacheWrite">Cache writes (<c>cache_write</c>, Anthropic's cache creation); the input price when absent.</param>
internal sealed record PriceEntry(decimal? Input, decimal? CachedInput, decimal? Output, decimal? CacheWrite = null);
