namespace XaiRouter.Gateway.Keys;

/// <summary>A newly issued access key, shown once.</summary>
internal sealed record RotatedKeyResponse(string Id, string Key);
