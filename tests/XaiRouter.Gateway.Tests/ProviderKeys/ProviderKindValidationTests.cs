using System.Text.Json.Nodes;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// Issue 17: the provider kinds on <c>/x/provider-keys</c> (<c>openai</c>, <c>openai-compatible</c>, <c>anthropic</c>,
/// <c>azure-openai</c>, <c>gemini</c>): each kind's base URL rules, <c>api_version</c> and <c>deployments</c> (Azure
/// OpenAI only), account headers (the OpenAI kinds only), each refused with a 400 naming its field.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderKindValidationTests(GatewayFactory factory)
{
    private const string Azure = "https://contoso.openai.azure.com";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string?> Creates => new()
    {
        // provider, base_url, extra fields (JSON), the field a 400 names (null: 201)
        { "azure-openai", Azure, "{}", null },
        { "azure-openai", Azure + "/", """{"api_version":"2025-04-01-preview","deployments":{"gpt-4o":"prod.gpt-4o_1"}}""", null },
        { "azure-openai", "http://contoso.openai.azure.com", "{}", "'base_url'" },
        { "azure-openai", Azure + "/openai", "{}", "'/openai'" },
        { "azure-openai", Azure + "/openai/", "{}", "'/openai'" },
        { "azure-openai", Azure + "/deployments", "{}", "'base_url'" },
        { "azure-openai", Azure + "?api-version=2024-10-21", "{}", "'base_url'" },
        { "azure-openai", Azure, """{"api_version":"latest"}""", "'api_version'" },
        { "azure-openai", Azure, """{"api_version":"2024-10-21\n"}""", "'api_version'" },
        { "azure-openai", Azure, """{"api_version":"2024-10-21-beta"}""", "'api_version'" },
        { "azure-openai", Azure, """{"deployments":{"gpt-4o-other":"d1"}}""", "'deployments'" },
        { "azure-openai", Azure, """{"deployments":{"gpt-4o":"../admin"}}""", "'deployments'" },
        { "azure-openai", Azure, """{"deployments":{"gpt-4o":"prod\n"}}""", "'deployments'" },
        { "azure-openai", Azure, """{"deployments":{"gpt-4o":null}}""", "'deployments'" },
        { "azure-openai", Azure, """{"models":["gpt-4o:latest"]}""", "'models'" },
        { "azure-openai", Azure, """{"models":["gpt-4o:latest"],"deployments":{"gpt-4o:latest":"gpt4o-latest"}}""", null },
        { "azure-openai", Azure, """{"organization":"org-a"}""", "'organization'" },
        { "azure-openai", Azure, """{"project":"proj_a"}""", "'organization'" },
        { "gemini", "https://generativelanguage.googleapis.com/v1beta/openai/", "{}", null },
        { "gemini", "https://gemini-proxy.example/v1beta/openai", "{}", null },
        { "gemini", "https://generativelanguage.googleapis.com/v1beta/openai?key=AIza-in-the-url", "{}", "'base_url'" },
        { "gemini", "https://generativelanguage.googleapis.com/v1beta/openai", """{"organization":"org-a"}""", "'organization'" },
        { "gemini", "https://generativelanguage.googleapis.com/v1beta/openai", """{"api_version":"2024-10-21"}""", "'api_version'" },
        { "gemini", "https://generativelanguage.googleapis.com/v1beta/openai", """{"deployments":{"gpt-4o":"d1"}}""", "'deployments'" },
        { "openai", "https://api.openai.com/v1", """{"api_version":"2024-10-21"}""", "'api_version'" },
        { "openai", "https://api.openai.com/v1", """{"api_version":"","deployments":{}}""", null },
        { "openai-compatible", "http://llm.example/v1?route=a", """{"deployments":{"gpt-4o":"d1"}}""", "'deployments'" },
        { "anthropic", "https://api.anthropic.com", """{"api_version":"2023-06-01"}""", "'api_version'" },
        { "bogus", "https://api.openai.com/v1", "{}", "'azure-openai' or 'gemini'" },
    };

    [Theory]
    [MemberData(nameof(Creates))]
    public async Task Create_PerKind_IsRefusedNamingTheField(string provider, string baseUrl, string extra, string? refusedField)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var body = new JsonObject { ["name"] = "kind", ["provider"] = provider, ["base_url"] = baseUrl, ["api_key"] = "sk-kind-validation-0001", ["models"] = new JsonArray("gpt-4o") };
        foreach (var (name, value) in JsonNode.Parse(extra)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        using var response = await tenant.Client.PostAsJsonAsync("/x/provider-keys", body, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);

        if (refusedField is null)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            Assert.Equal(provider, JsonDocument.Parse(text).RootElement.GetProperty("provider").GetString());
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(refusedField, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AzureKey_StoresItsDefaultVersion_PatchesItsRouteAndReseals_AndLosesItOnAnotherKind()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var created = await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "azure", provider = "azure-openai", base_url = Azure, api_key = "azure-key-0123456789abcdef", models = new[] { "gpt-4o", "gpt-4o-mini" },
        }, Cancellation);
        var shown = await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var id = shown.GetProperty("id").GetString()!;
        var first = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);

        using var mapped = await PatchAsync(tenant, id, new { deployments = new Dictionary<string, string> { ["gpt-4o-mini"] = "mini-prod", ["gpt-4o"] = "prod" }, api_version = "2025-04-01-preview" });
        var second = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        using var unmapped = await PatchAsync(tenant, id, new { deployments = new { }, api_version = "" });
        var third = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);
        using var badMap = await PatchAsync(tenant, id, new { models = new[] { "gpt-4o" }, deployments = new Dictionary<string, string> { ["gpt-4o-mini"] = "mini-prod" } });
        using var toOpenAI = await PatchAsync(tenant, id, new { provider = "openai-compatible", base_url = "https://llm.example/v1" });
        var fourth = await StoredProviderKeys.GetAsync(factory, tenant.Id, id);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("2024-10-21", shown.GetProperty("api_version").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("deployments").ValueKind);
        Assert.Equal("2024-10-21", first!.ApiVersion);
        Assert.Equal(ProviderKeyFormat.BoundV2, first.Format);

        var mappedBody = await mapped.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        Assert.Equal("2025-04-01-preview", mappedBody.GetProperty("api_version").GetString());
        Assert.Equal("mini-prod", mappedBody.GetProperty("deployments").GetProperty("gpt-4o-mini").GetString());
        Assert.Equal("api-version: 2025-04-01-preview\ndeployment gpt-4o: prod\ndeployment gpt-4o-mini: mini-prod", ProviderKeyBinding.HeaderTemplate(second!));
        Assert.NotEqual(first.Key.Ciphertext, second!.Key.Ciphertext);

        var unmappedBody = await unmapped.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.OK, unmapped.StatusCode);
        Assert.Equal("2024-10-21", unmappedBody.GetProperty("api_version").GetString());
        Assert.Equal(JsonValueKind.Null, unmappedBody.GetProperty("deployments").ValueKind);
        Assert.Null(third!.Deployments);
        Assert.Equal("api-version: 2024-10-21", ProviderKeyBinding.HeaderTemplate(third));

        Assert.Equal(HttpStatusCode.BadRequest, badMap.StatusCode);
        Assert.Contains("'deployments'", await badMap.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);

        var otherKind = await toOpenAI.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.OK, toOpenAI.StatusCode);
        Assert.Equal("openai-compatible", otherKind.GetProperty("provider").GetString());
        Assert.Equal(JsonValueKind.Null, otherKind.GetProperty("api_version").ValueKind);
        Assert.Null(fourth!.ApiVersion);
        Assert.Equal("", ProviderKeyBinding.HeaderTemplate(fourth));
    }

    [Fact]
    public async Task PatchOfAnotherKind_NamingAzureFields_IsRefused()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = await tenant.AddProviderKeyAsync("https://api.openai.com/v1", "sk-kind-patch-0001", ["gpt-4o"]);

        using var version = await PatchAsync(tenant, id, new { api_version = "2024-10-21" });
        using var deployments = await PatchAsync(tenant, id, new { deployments = new Dictionary<string, string> { ["gpt-4o"] = "d" } });
        using var toGemini = await PatchAsync(tenant, id, new { provider = "gemini", base_url = "https://generativelanguage.googleapis.com/v1beta/openai", api_version = "2024-10-21" });

        Assert.All(new[] { version, deployments, toGemini }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("'api_version'", await version.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Contains("'deployments'", await deployments.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Contains("'api_version'", await toGemini.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(ProviderKind.OpenAI, (await StoredProviderKeys.GetAsync(factory, tenant.Id, id))!.Provider);
    }

    [Fact]
    public void Names_RoundTripEveryKind_AndAnUnknownKindIsNoKindsName()
    {
        foreach (var kind in Enum.GetValues<ProviderKind>())
        {
            Assert.True(ProviderNames.TryParse(ProviderNames.ToName(kind), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.Equal(["openai", "openai-compatible", "anthropic", "azure-openai", "gemini"], Enum.GetValues<ProviderKind>().Select(ProviderNames.ToName));
        Assert.Equal("unknown", ProviderNames.ToName((ProviderKind)99));
        Assert.False(ProviderNames.TryParse("unknown", out _));
        Assert.Equal("?", ProviderKeyBinding.ProviderName((ProviderKind)99));
        Assert.False(Forwarding.ProviderKindRules.For((ProviderKind)99).Serves("chat"));
    }

    [Theory]
    [InlineData("gpt-4o\n")]
    [InlineData("gpt-4o\r\n")]
    public void ModelAndPoolNames_WithATrailingNewline_AreRefused(string name)
    {
        Assert.False(InputRules.IsModelName(name));
        Assert.NotNull(InputRules.PoolName("default" + name[6..]));
        Assert.True(InputRules.IsModelName("gpt-4o"));
    }

    private static Task<HttpResponseMessage> PatchAsync(TenantSession tenant, string id, object body) =>
        tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", body, Cancellation);
}
