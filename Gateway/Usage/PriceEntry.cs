namespace XaiRouter.Gateway.Usage;

/// <summary>One model's price in <c>PUT /x/prices</c>, USD per 1M tokens.</summary>
internal sealed record PriceEntry(decimal? Input, decimal? CachedInput, decimal? Output);
