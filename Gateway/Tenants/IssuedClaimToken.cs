namespace XaiRouter.Gateway.Tenants;

/// <summary>A new claim token: the string to give the operator once (never stored), and when it stops working.</summary>
internal sealed record IssuedClaimToken(string Token, DateTimeOffset ExpiresAt);
