namespace XaiRouter.Gateway.Pools;

/// <summary>Optional body of <c>POST /x/pools/{name}/rekey</c>: the keys to cut off (ids of the caller's subtree).</summary>
internal sealed record RekeyRequest(List<string?>? ExcludeKeys);
