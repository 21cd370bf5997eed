namespace XaiRouter.Gateway.Tenants;

/// <summary>Body of <c>POST /x/claim</c>.</summary>
internal sealed record ClaimRequest(string? ClaimToken);
