namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// Issue 14, finding 1: a key with <c>manage</c> but no slot for a provider key's pool can neither redirect, replace
/// nor delete that key, nor see it; the plaintext only ever reaches the destination it was sealed for.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderKeyScopingTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SlotlessManageKey_PatchEveryFieldOverwriteAndDelete_AreForbiddenAndTheKeyOnlyReachesItsUpstream()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var attacker = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        (await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "other" }, Cancellation)).EnsureSuccessStatusCode();
        const string secret = "sk-scoping-real-0001";
        var id = await tenant.AddProviderKeyAsync(upstream.BaseUrl, secret, ["m-scoping"]);
        var subKey = (await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = "ops", pools = new[] { "other" }, manage = true })).GetProperty("key").GetString()!;
        using var sub = factory.CreateClientWithKey(subKey);
        object[] patches =
        [
            new { base_url = attacker.BaseUrl },
            new { provider = "openai-compatible" },
            new { provider = "anthropic", base_url = attacker.BaseUrl },
            new { api_key = "sk-attacker-own-key-0001" },
            new { pool = "other" },
            new { weight = 7 },
        ];

        var statuses = new List<HttpStatusCode>();
        foreach (var patch in patches)
        {
            using var response = await sub.PatchAsJsonAsync($"/x/provider-keys/{id}", patch, Cancellation);
            statuses.Add(response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var deleted = await sub.DeleteAsync($"/x/provider-keys/{id}", Cancellation);
        using var answer = await ChatAsync(tenant.Client, "m-scoping");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Forbidden, status));
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(1, upstream.CredentialsSeen);
        Assert.Equal("Bearer " + secret, upstream.Requests.Single().Headers["Authorization"]);
        Assert.Equal(0, attacker.CredentialsSeen);
        Assert.Empty(attacker.Requests);
        var stored = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        Assert.Equal((upstream.BaseUrl, ProviderKind.OpenAI, "default", 1), (stored!.BaseUrl, stored.Provider, stored.Pool, stored.Weight));
    }

    [Fact]
    public async Task SubKey_ListsAndReadsOnlyTheProviderKeysAndPoolsItHolds_RootSeesAll()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        (await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "other" }, Cancellation)).EnsureSuccessStatusCode();
        var inDefault = (await tenant.CreateProviderKeyAsync("sk-listing-default-01")).GetProperty("id").GetString()!;
        var inOther = (await tenant.CreateProviderKeyAsync("sk-listing-other-0001", pool: "other")).GetProperty("id").GetString()!;
        var subKey = (await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = "ops", pools = new[] { "other" }, manage = true })).GetProperty("key").GetString()!;
        using var sub = factory.CreateClientWithKey(subKey);

        var subList = await sub.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);
        var rootList = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);
        using var hidden = await sub.GetAsync($"/x/provider-keys/{inDefault}", Cancellation);
        using var visible = await sub.GetAsync($"/x/provider-keys/{inOther}", Cancellation);
        var subPools = await sub.GetFromJsonAsync<JsonElement>("/x/pools", Cancellation);
        var rootPools = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/pools", Cancellation);

        Assert.Equal([inOther], Ids(subList));
        Assert.Equal(new[] { inDefault, inOther }.Order(), Ids(rootList).Order());
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        Assert.Equal(["other"], Names(subPools));
        Assert.Equal(["default", "other"], Names(rootPools));
    }

    [Fact]
    public async Task PoolHolder_PatchOfAnyField_ReSealsBoundAndKeepsServing()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-holder-patch-0001", ["m-holder"]);
        var before = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);

        using var patched = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { weight = 3 }, Cancellation);
        var after = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        using var answer = await ChatAsync(tenant.Client, "m-holder");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(ProviderKeyFormat.BoundV2, after!.Format);
        Assert.NotEqual(before!.Key.Nonce, after.Key.Nonce);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Bearer sk-holder-patch-0001", upstream.Requests.Single().Headers["Authorization"]);
    }

    private static string[] Ids(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()!)];

    private static string[] Names(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("name").GetString()!)];

    public static Task<HttpResponseMessage> ChatAsync(HttpClient client, string model) =>
        client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
}
