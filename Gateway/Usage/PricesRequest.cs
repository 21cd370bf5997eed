namespace XaiRouter.Gateway.Usage;

/// <summary>Body of <c>PUT /x/prices</c>: models to price; a model set to null goes back to the built-in price.</summary>
internal sealed record PricesRequest(Dictionary<string, PriceEntry?>? Models);
