namespace XaiRouter.Gateway.Regions;

/// <summary>Reads a key's budget from its access-key grain (the home's own record of the key).</summary>
internal sealed class GrainKeyBudgetSource(IGrainFactory grains) : IKeyBudgetSource
{
    public async Task<BudgetPolicy?> GetBudgetAsync(string tenantId, string keyId) =>
        await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId)).GetAsync() is { Status: AccessKeyStatus.Active } record
            && record.TenantId == tenantId
            ? record.EffectivePolicy.Budget
            : null;
}
