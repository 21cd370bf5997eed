namespace XaiRouter.Gateway.Keys;

/// <summary>A console session: a short-lived access key (shown once) and when it expires.</summary>
internal sealed record SessionResponse(string Key, DateTimeOffset ExpiresAt);
