namespace XaiRouter.Gateway.Pools.Tests;

/// <summary>Issue 14, finding 5: a re-key never takes a pool from the root, and strands only the keys the caller names.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RekeyHoldersTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rekey_BySubKey_EveryHolderStillServed_AndRevokingTheSubKeyLeavesTheRootWorking()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (managerId, managerKey) = await tenant.CreateKeyAsync("manager", manage: true);
        var (_, plainKey) = await tenant.CreateKeyAsync("plain");
        using var manager = factory.CreateClientWithKey(managerKey);

        using var rekey = await manager.PostAsync("/x/pools/default/rekey", null, Cancellation);
        var body = await rekey.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var rootRecord = await tenant.RecordAsync(tenant.Session.Key);

        Assert.Equal(HttpStatusCode.OK, rekey.StatusCode);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal(3, body.GetProperty("granted_keys").GetArrayLength());
        Assert.Empty(body.GetProperty("excluded_keys").EnumerateArray());
        Assert.True(rootRecord!.FindSlot("default", 2)!.IsSealedToPublicKey);
        await tenant.AssertNothingStrandedAsync([tenant.Session.Key, managerKey, plainKey], "after the sub-key's re-key");

        // The root's first request turned its public-key slot into a symmetric one (the request path's fast path).
        Assert.False((await tenant.RecordAsync(tenant.Session.Key))!.FindSlot("default", 2)!.IsSealedToPublicKey);

        using var revoke = await tenant.Session.Client.DeleteAsync($"/x/keys/{managerId}", Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await tenant.AssertNothingStrandedAsync([tenant.Session.Key, plainKey], "after revoking the sub-key that re-keyed");
        await tenant.AddProviderKeyAsync(tenant.Session.Client);
        await tenant.AssertNothingStrandedAsync([tenant.Session.Key, plainKey], "a provider key added by the root afterwards");
    }

    [Fact]
    public async Task Rekey_ExcludeKeys_CutsOffOnlyTheNamedKeysOfTheCallersSubtree()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var rootId = (await tenant.RecordAsync(tenant.Session.Key))!.KeyId;
        var (_, managerKey) = await tenant.CreateKeyAsync("manager", manage: true);
        var (siblingId, siblingKey) = await tenant.CreateKeyAsync("sibling");
        using var manager = factory.CreateClientWithKey(managerKey);
        var (childId, childKey) = await tenant.CreateKeyAsync("child", client: manager);

        using var root = await manager.PostAsJsonAsync("/x/pools/default/rekey", new { exclude_keys = new[] { rootId } }, Cancellation);
        using var sibling = await manager.PostAsJsonAsync("/x/pools/default/rekey", new { exclude_keys = new[] { siblingId } }, Cancellation);
        using var unknown = await manager.PostAsJsonAsync("/x/pools/default/rekey", new { exclude_keys = new[] { "NoSuchKeyId000000" } }, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, root.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(1, await tenant.PoolVersionAsync());

        using var rekey = await manager.PostAsJsonAsync("/x/pools/default/rekey", new { exclude_keys = new[] { childId } }, Cancellation);
        var body = await rekey.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, rekey.StatusCode);
        Assert.Equal([childId], body.GetProperty("excluded_keys").EnumerateArray().Select(e => e.GetString()));
        await tenant.AssertNothingStrandedAsync([tenant.Session.Key, managerKey, siblingKey], "after cutting off one child");
        Assert.NotEqual(HttpStatusCode.OK, await tenant.ChatAsync(childKey));
        Assert.Null(await VaultProbe.DecryptAsync(factory, tenant.Session, tenant.ProviderKeyIds[0], childKey));
        Assert.Empty((await tenant.RecordAsync(childKey))!.Slots.Where(s => s.Pool == "default"));
    }

    [Fact]
    public async Task Rekey_HolderIssuedBeforePublicKeys_Refused409UntilItAuthenticatesOnce()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (legacyId, legacyKey) = await tenant.CreateKeyAsync("legacy");
        await tenant.MakeLegacyAsync(legacyKey);

        using var refused = await tenant.Session.Client.PostAsync("/x/pools/default/rekey", null, Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(legacyId, (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await tenant.PoolVersionAsync());

        // Its next request stores its public key; then nothing stands in the way, and it keeps the pool.
        Assert.Equal(HttpStatusCode.OK, await tenant.ChatAsync(legacyKey));
        Assert.NotNull((await tenant.RecordAsync(legacyKey))!.PublicKey);
        using var rekey = await tenant.Session.Client.PostAsync("/x/pools/default/rekey", null, Cancellation);
        Assert.Equal(HttpStatusCode.OK, rekey.StatusCode);
        await tenant.AssertNothingStrandedAsync([tenant.Session.Key, legacyKey], "after the legacy key authenticated");
    }

    [Fact]
    public async Task Rekey_HolderPublicKeyEditedInTheDatabase_IsNeverSealedTo()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (victimId, victimKey) = await tenant.CreateKeyAsync("victim");
        var attacker = NSec.Cryptography.Key.Create(NSec.Cryptography.KeyAgreementAlgorithm.X25519);
        await tenant.MakeLegacyAsync(victimKey, attacker.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey));

        using var refused = await tenant.Session.Client.PostAsync("/x/pools/default/rekey", null, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(victimId, (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await tenant.PoolVersionAsync());
        Assert.DoesNotContain((await tenant.RecordAsync(victimKey))!.Slots, s => s.IsSealedToPublicKey);
        attacker.Dispose();
    }
}
