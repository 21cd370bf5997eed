namespace XaiRouter.Gateway.Security;

/// <summary>The buckets one login attempt took a failure from (see <see cref="SessionThrottle"/>); <see cref="Tenant"/> is null for a clean address.</summary>
internal sealed record SessionReservation(string Address, string Pair, string? Tenant);
