namespace XaiRouter.Gateway.Keys;

/// <summary>Optional body of <c>POST /x/keys/self/rotate</c>.</summary>
/// <param name="RekeyPools">Also re-key every pool the root holds, so the old key and an old backup open nothing added afterwards.</param>
internal sealed record RotateRequest(bool? RekeyPools);
