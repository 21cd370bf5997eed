namespace XaiRouter.Gateway.Pools.Tests;

/// <summary>
/// Issue 14, finding 5: re-keys racing a root rotation, a provider-key create or another re-key, run round after
/// round; afterwards nothing is stranded (every provider key at the current version, every holder served).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class VaultWriteRaceTests(GatewayFactory factory)
{
    private const int Rounds = 12;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RootRotationRacingSubKeyRekey_NothingStranded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (_, managerKey) = await tenant.CreateKeyAsync("manager", manage: true);
        var (_, plainKey) = await tenant.CreateKeyAsync("plain");
        using var manager = factory.CreateClientWithKey(managerKey);
        var rootKey = tenant.Session.Key;

        for (var round = 0; round < Rounds; round++)
        {
            using var root = factory.CreateClientWithKey(rootKey);
            var rotate = root.PostAsync("/x/keys/self/rotate", null, Cancellation);
            var rekey = manager.PostAsync("/x/pools/default/rekey", null, Cancellation);
            await Task.WhenAll(rotate, rekey);
            using var rotated = rotate.Result;
            using var rekeyed = rekey.Result;

            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            Assert.Equal(HttpStatusCode.OK, rekeyed.StatusCode);
            var oldRootKey = rootKey;
            rootKey = (await rotated.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
            Assert.Equal(round + 2, await tenant.PoolVersionAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, await tenant.ChatAsync(oldRootKey));
            await tenant.AssertNothingStrandedAsync([rootKey, managerKey, plainKey], $"round {round}");
        }
    }

    [Fact]
    public async Task ProviderKeyCreateRacingRekey_NothingStranded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (_, managerKey) = await tenant.CreateKeyAsync("manager", manage: true);
        var (_, plainKey) = await tenant.CreateKeyAsync("plain");
        using var manager = factory.CreateClientWithKey(managerKey);

        for (var round = 0; round < Rounds; round++)
        {
            var create = tenant.PostProviderKeyAsync(tenant.Session.Client);
            var rekey = manager.PostAsync("/x/pools/default/rekey", null, Cancellation);
            await Task.WhenAll(create, rekey);
            using var created = create.Result;
            using var rekeyed = rekey.Result;

            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.OK, rekeyed.StatusCode);
            tenant.ProviderKeyIds.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!);
            await tenant.AssertNothingStrandedAsync([tenant.Session.Key, managerKey, plainKey], $"round {round}");
        }
    }

    [Fact]
    public async Task TwoRekeysRacing_NothingStranded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await HolderTenant.CreateAsync(factory, upstream);
        var (_, firstKey) = await tenant.CreateKeyAsync("first", manage: true);
        var (_, secondKey) = await tenant.CreateKeyAsync("second", manage: true);
        var (_, plainKey) = await tenant.CreateKeyAsync("plain");
        using var first = factory.CreateClientWithKey(firstKey);
        using var second = factory.CreateClientWithKey(secondKey);

        for (var round = 0; round < Rounds; round++)
        {
            var responses = await Task.WhenAll(
                first.PostAsync("/x/pools/default/rekey", null, Cancellation),
                second.PostAsync("/x/pools/default/rekey", null, Cancellation),
                tenant.Session.Client.PostAsync("/x/pools/default/rekey", null, Cancellation));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(1 + (3 * (round + 1)), await tenant.PoolVersionAsync());
            foreach (var response in responses)
            {
                response.Dispose();
            }

            await tenant.AssertNothingStrandedAsync([tenant.Session.Key, firstKey, secondKey, plainKey], $"round {round}");
        }
    }
}
