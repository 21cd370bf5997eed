using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The settle stage, for now: requests counted in memory per tenant, model and provider key (exact accounting,
/// durable and with tokens and cost, comes with the usage issue).
/// </summary>
internal sealed class UsageCounter
{
    private readonly ConcurrentDictionary<(string TenantId, string Model, string ProviderKeyId), long> _requests = new();

    public void Record(string tenantId, string model, string providerKeyId) =>
        _requests.AddOrUpdate((tenantId, model, providerKeyId), 1, static (_, count) => count + 1);

    public long Requests(string tenantId, string model, string providerKeyId) =>
        _requests.TryGetValue((tenantId, model, providerKeyId), out var count) ? count : 0;
}
