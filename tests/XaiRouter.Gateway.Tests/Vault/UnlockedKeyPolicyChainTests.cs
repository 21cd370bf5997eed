using XaiRouter.Gateway.Policies;

namespace XaiRouter.Gateway.Vault.Tests;

/// <summary>
/// The policy chain is built once per request (issue 16, second round) instead of a LINQ pipeline per check: it must
/// still follow the key's record and its ancestors when either changes during the request (a refresh under the
/// vault-write lease, authentication setting the ancestors), and the price multiplier must still compound.
/// </summary>
public sealed class UnlockedKeyPolicyChainTests : IDisposable
{
    private const string Tenant = "TenantAAAAAAAAAAAAAAAA";

    private readonly KeyVault _vault = new("unit-test-pepper-0123"u8);

    [Fact]
    public void PolicyChain_AncestorsSetAfterFirstUse_IncludesThem()
    {
        using var key = Unlock(Policy(models: ["gpt-4o"], multiplier: 2m));
        Assert.True(KeyPolicyChecks.AllowsModel(key, "gpt-4o"));
        Assert.Equal(2m, key.PriceMultiplier);

        key.Ancestors = [Record(Policy(models: ["gpt-4o-mini"], multiplier: 1.5m))];

        Assert.Equal(2, key.PolicyChain.Length);
        Assert.False(KeyPolicyChecks.AllowsModel(key, "gpt-4o"));
        Assert.Equal(3m, key.PriceMultiplier);
        Assert.Equal(key.PolicyChain, key.Policies);
    }

    [Fact]
    public void PolicyChain_RecordRefreshed_FollowsTheNewPolicy()
    {
        using var key = Unlock(Policy(pools: ["default"]));
        Assert.False(KeyPolicyChecks.AllowsPool(key, "other"));

        Assert.True(key.TryRefresh(key.Record with { Policy = Policy(pools: ["default", "other"]), Version = key.Record.Version + 1 }));

        Assert.True(KeyPolicyChecks.AllowsPool(key, "other"));
    }

    public void Dispose() => _vault.Dispose();

    private static KeyPolicy Policy(string[]? pools = null, string[]? models = null, decimal? multiplier = null) =>
        new(pools is null ? null : [.. pools], models is null ? null : [.. models], null, null, null, null, multiplier);

    private UnlockedKey Unlock(KeyPolicy policy)
    {
        using var pools = new PoolKeyRing();
        pools.AddNew("default", 1);
        var issued = _vault.IssueAccessKey(new AccessKeyTemplate(Tenant, AccessKeyKind.Sub, "sub", "ParentAAAAAAAAAAA", false, DateTimeOffset.UtcNow, Policy: policy), pools);
        var secret = new byte[AccessKeyFormat.SecretSize];
        Assert.True(AccessKeyFormat.TryParse(issued.AccessKey, secret, out _));
        return _vault.Verify(issued.Record, secret)!;
    }

    private AccessKeyRecord Record(KeyPolicy policy)
    {
        using var pools = new PoolKeyRing();
        return _vault.IssueAccessKey(new AccessKeyTemplate(Tenant, AccessKeyKind.Root, "root", null, true, DateTimeOffset.UtcNow, Policy: policy), pools).Record;
    }
}
