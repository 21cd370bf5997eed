namespace XaiRouter.Grains.Limits;

/// <summary>A request in flight on a scope: its concurrency slot and its budget reservation, until it settles.</summary>
internal readonly record struct LimitHold(bool Slot, decimal ReservedUsd, DateTimeOffset ExpiresAt);
