namespace XaiRouter.Gateway.Keys;

/// <summary>Body of <c>POST /x/session</c>.</summary>
internal sealed record SessionRequest(string? Tenant, string? Passphrase);
