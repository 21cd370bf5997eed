using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>The effective price table: built-in prices with the tenant's own on top.</summary>
internal sealed record PricesResponse(ImmutableSortedDictionary<string, ModelPriceRecord> Models);
