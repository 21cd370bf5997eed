namespace XaiRouter.Gateway.Routing;

/// <summary>One entry of a request's failover plan: a model (the requested one or a fallback) at one provider key.</summary>
internal sealed record PlannedAttempt(string Model, ProviderKeyRecord ProviderKey);
