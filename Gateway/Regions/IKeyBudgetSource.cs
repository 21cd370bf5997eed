namespace XaiRouter.Gateway.Regions;

/// <summary>
/// The budget of a key as its home region holds it: what a budget lease is granted from. The budget an asking peer
/// sends is only its (possibly stale, buggy or forged) copy, so the home never grants from it.
/// </summary>
internal interface IKeyBudgetSource
{
    /// <returns>The budget of active key <paramref name="keyId"/> of <paramref name="tenantId"/>; null when it has none or is no such key.</returns>
    Task<BudgetPolicy?> GetBudgetAsync(string tenantId, string keyId);
}
