namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// Issue 15: <c>organization</c> and <c>project</c> on <c>/x/provider-keys</c>: the provider-account headers a key
/// is sent with, stored with it, bound by its ciphertext, changed only by a PATCH that re-seals.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderKeyAccountTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<(string Id, JsonElement Body)> CreateAsync(TenantSession tenant, string baseUrl, string model, string apiKey, object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(new { name = "account", provider = "openai", base_url = baseUrl, api_key = apiKey, models = new[] { model } })!.AsObject();
        foreach (var (name, value) in JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        using var response = await tenant.Client.PostAsJsonAsync("/x/provider-keys", body, Cancellation);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.GetRawText());
        return (created.GetProperty("id").GetString()!, created);
    }

    [Fact]
    public async Task CreateAndPatch_AccountHeaders_AreShownSentAndResealed()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var (id, created) = await CreateAsync(tenant, upstream.BaseUrl, "m-account", "sk-account-headers-0001", new { organization = "org-first", project = "proj_first" });

        using var first = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-account");
        using var patched = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { organization = "org-second" }, Cancellation);
        var afterPatch = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        using var second = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-account");
        using var cleared = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { organization = "", project = "" }, Cancellation);
        using var third = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-account");
        var shown = await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/provider-keys/{id}", Cancellation);

        Assert.Equal("org-first", created.GetProperty("organization").GetString());
        Assert.Equal("proj_first", created.GetProperty("project").GetString());
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("org-second", (await patched.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("organization").GetString());
        Assert.Equal(("org-second", "proj_first", ProviderKeyFormat.BoundV2), (afterPatch!.Organization, afterPatch.Project, afterPatch.Format));
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("organization").ValueKind);
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("project").ValueKind);
        Assert.All(new[] { first, second, third }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var sent = upstream.Requests.Select(r => r.Headers).ToArray();
        Assert.Equal(("org-first", "proj_first"), (sent[0]["OpenAI-Organization"], sent[0]["OpenAI-Project"]));
        Assert.Equal(("org-second", "proj_first"), (sent[1]["OpenAI-Organization"], sent[1]["OpenAI-Project"]));
        Assert.False(sent[2].ContainsKey("OpenAI-Organization") || sent[2].ContainsKey("OpenAI-Project"));
        Assert.Equal("sk-account-headers-0001", await VaultProbe.DecryptAsync(factory, tenant, id));
    }

    [Fact]
    public async Task StoredOrganizationEdited_IsRefusedAsUnverified_AndNothingIsSent()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var (withOrganization, _) = await CreateAsync(tenant, upstream.BaseUrl, "m-edited-org", "sk-edited-org-0001", new { organization = "org-tenant" });
        var (withoutOrganization, _) = await CreateAsync(tenant, upstream.BaseUrl, "m-added-org", "sk-added-org-0001");

        foreach (var id in new[] { withOrganization, withoutOrganization })
        {
            var record = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
            await StoredProviderKeys.SaveDirectlyAsync(factory, record! with { Organization = "org-attacker" });
        }

        foreach (var model in new[] { "m-edited-org", "m-added-org" })
        {
            using var refused = await ProviderKeyScopingTests.ChatAsync(tenant.Client, model);
            var body = await refused.Content.ReadAsStringAsync(Cancellation);

            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, body);
            Assert.Equal("provider_key_unverified", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        Assert.Empty(upstream.Requests);
        Assert.Single(StoredProviderKeys.SecurityEvents(factory, withOrganization));
        Assert.Single(StoredProviderKeys.SecurityEvents(factory, withoutOrganization));
    }

    [Fact]
    public async Task Patch_OfAnEditedRecord_KeepsOnlyTheAccountHeadersItNames()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory);
        var (id, _) = await CreateAsync(tenant, upstream.BaseUrl, "m-repaired-org", "sk-repaired-org-0001", new { project = "proj_tenant" });
        var record = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        await StoredProviderKeys.SaveDirectlyAsync(factory, record! with { Organization = "org-attacker" });

        // The row no longer matches its ciphertext: the PATCH confirms the destination, and names the project only.
        using var patched = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}",
            new { base_url = upstream.BaseUrl, provider = "openai", api_key = "sk-repaired-org-0002", project = "proj_tenant" }, Cancellation);
        using var served = await ProviderKeyScopingTests.ChatAsync(tenant.Client, "m-repaired-org");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var sent = upstream.Requests.Single().Headers;
        Assert.False(sent.ContainsKey("OpenAI-Organization"));
        Assert.Equal("proj_tenant", sent["OpenAI-Project"]);
    }

    public static TheoryData<string, object> Refused => new()
    {
        { "openai", new { organization = "org\r\nX-Injected: 1" } },
        { "openai", new { project = "proj-\u00e9" } },
        { "openai", new { organization = new string('o', 257) } },
        { "anthropic", new { organization = "org-a" } },
        { "anthropic", new { project = "proj_a" } },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Create_BadAccountHeaders_Returns400NamingTheField(string provider, object fields)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var body = JsonSerializer.SerializeToNode(new { name = "bad", provider, base_url = "https://llm.example/v1", api_key = "sk-bad-account-0001", models = new[] { "m" } })!.AsObject();
        foreach (var (name, value) in JsonSerializer.SerializeToNode(fields)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        using var response = await tenant.Client.PostAsJsonAsync("/x/provider-keys", body, Cancellation);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("'(organization|project)'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Patch_ToAnthropic_WithAnOrganization_Returns400()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var (id, _) = await CreateAsync(tenant, "https://llm.example/v1", "m-to-anthropic", "sk-to-anthropic-0001", new { organization = "org-a" });

        using var refused = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { provider = "anthropic", base_url = "https://api.anthropic.com" }, Cancellation);
        using var allowed = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { provider = "anthropic", base_url = "https://api.anthropic.com", organization = "" }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await allowed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("organization").ValueKind);
    }
}
