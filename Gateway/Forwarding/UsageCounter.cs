using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The settle stage, for now: requests and the tokens the upstream reported, counted in memory per tenant, model
/// and provider key (the durable ledger with costs comes with the usage issue).
/// </summary>
internal sealed class UsageCounter
{
    private readonly ConcurrentDictionary<(string TenantId, string Model, string ProviderKeyId), (long Requests, TokenUsage Tokens)> _totals = new();

    public void Record(string tenantId, string model, string providerKeyId, TokenUsage? tokens) =>
        _totals.AddOrUpdate(
            (tenantId, model, providerKeyId),
            static (_, t) => (1, t ?? default),
            static (_, current, t) => (current.Requests + 1, current.Tokens + (t ?? default)),
            tokens);

    public long Requests(string tenantId, string model, string providerKeyId) =>
        _totals.TryGetValue((tenantId, model, providerKeyId), out var total) ? total.Requests : 0;

    public TokenUsage Tokens(string tenantId, string model, string providerKeyId) =>
        _totals.TryGetValue((tenantId, model, providerKeyId), out var total) ? total.Tokens : default;
}
