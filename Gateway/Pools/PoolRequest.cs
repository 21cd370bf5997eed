namespace XaiRouter.Gateway.Pools;

/// <summary>Body of <c>POST /x/pools</c>.</summary>
internal sealed record PoolRequest(string? Name);
