namespace XaiRouter.Gateway.Pools;

/// <summary>A pool: its name, current key version, and whether the calling key holds a slot for that version.</summary>
internal sealed record PoolResponse(string Name, int Version, bool HasSlot);
