namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// Issue 14, finding 2 (silo port) and the legacy migration: a record changed behind the API fails its binding, so
/// its key is never sent; the client gets a 503 in OpenAI's envelope and the log a security event naming ids only.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DestinationBindingTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DirectGrainSave_AlteredBaseUrl_IsNeverSentAndAnswers503WithASecurityEvent()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var attacker = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        const string secret = "sk-grain-call-victim-01";
        var id = await tenant.AddProviderKeyAsync(upstream.BaseUrl, secret, ["m-grain-call"]);
        using (var first = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-grain-call"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var stored = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        await StoredProviderKeys.SaveDirectlyAsync(factory, stored! with { BaseUrl = attacker.BaseUrl });
        using var refused = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-grain-call");
        var body = await refused.Content.ReadAsStringAsync(Cancellation);
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{refused.StatusCode} {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("provider_key_unverified", error.GetProperty("code").GetString());
        Assert.Equal(0, attacker.CredentialsSeen);
        Assert.Empty(attacker.Requests);
        Assert.Equal(1, upstream.CredentialsSeen);
        var logged = Assert.Single(StoredProviderKeys.SecurityEvents(factory, id));
        Assert.StartsWith("Warning", logged, StringComparison.Ordinal);
        Assert.Contains(tenant.Id, logged, StringComparison.Ordinal);
        Assert.Contains("BindingFailed", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, string.Join('\n', factory.Logs.Messages), StringComparison.Ordinal);
        Assert.DoesNotContain(attacker.BaseUrl, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlteredRecord_WithAHealthyFallbackCandidate_FailsOverWithoutTouchingTheOthersHealth()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var attacker = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var altered = await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-failover-altered-01", ["m-failover-binding"], priority: 0);
        await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-failover-intact-001", ["m-failover-binding"], priority: 1);
        var stored = await StoredProviderKeys.GetAsync(factory, tenant.Id, altered);
        await StoredProviderKeys.SaveDirectlyAsync(factory, stored! with { BaseUrl = attacker.BaseUrl });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-failover-binding");
            statuses.Add(response.StatusCode);
        }

        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(0, attacker.CredentialsSeen);
        Assert.All(upstream.Requests, r => Assert.Equal("Bearer sk-failover-intact-001", r.Headers["Authorization"]));
        Assert.Equal(3, upstream.Requests.Count);
        Assert.All(list.GetProperty("data").EnumerateArray(), k => Assert.NotEqual("open", k.GetProperty("health").GetProperty("state").GetString()));
    }

    [Fact]
    public async Task LegacyRecord_AwayFromTheOfficialUrl_IsRefusedUntilAPoolHolderNamesItsDestination()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        const string secret = "sk-legacy-record-0001";
        var id = await tenant.AddProviderKeyAsync(upstream.BaseUrl, secret, ["m-legacy"]);
        var bound = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        await StoredProviderKeys.SaveDirectlyAsync(factory, await StoredProviderKeys.SealLegacyAsync(factory, tenant, bound!, secret));

        using var refused = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-legacy");
        using var unconfirmed = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { weight = 2 }, Cancellation);
        var stillLegacy = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        using var confirmed = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { base_url = upstream.BaseUrl, provider = "openai" }, Cancellation);
        var migrated = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        using var served = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-legacy");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("UnboundDestination", Assert.Single(StoredProviderKeys.SecurityEvents(factory, id)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        Assert.Equal(ProviderKeyFormat.LegacyV1, stillLegacy!.Format);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(ProviderKeyFormat.BoundV2, migrated!.Format);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("Bearer " + secret, upstream.Requests.Single().Headers["Authorization"]);
    }

    [Fact]
    public async Task AlteredRecord_PoolHolderPatch_MustNameDestinationAndKeyToRepairIt()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var attacker = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-repair-original-01", ["m-repair"]);
        var stored = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        await StoredProviderKeys.SaveDirectlyAsync(factory, stored! with { BaseUrl = attacker.BaseUrl });

        using var blessByWeight = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { weight = 2 }, Cancellation);
        using var blessByNewKey = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { api_key = "sk-repair-replaced-01" }, Cancellation);
        using var repaired = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}",
            new { api_key = "sk-repair-replaced-01", base_url = upstream.BaseUrl, provider = "openai" }, Cancellation);
        using var served = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-repair");

        Assert.Equal(HttpStatusCode.Conflict, blessByWeight.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, blessByNewKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(0, attacker.CredentialsSeen);
        Assert.Equal("Bearer sk-repair-replaced-01", upstream.Requests.Single().Headers["Authorization"]);
    }
}
