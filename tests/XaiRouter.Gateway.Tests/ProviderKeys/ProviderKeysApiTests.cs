using System.Text;

namespace XaiRouter.Gateway.ProviderKeys.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ProviderKeysApiTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly string[] ResponseFields =
        ["id", "name", "provider", "base_url", "models", "pool", "weight", "priority", "fingerprint", "status", "created_at", "limits", "health", "organization", "project", "api_version", "deployments"];

    [Fact]
    public async Task Create_ValidKey_Returns201WithMetadataAndFingerprintOnly()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var secret = "sk-create-" + Guid.NewGuid().ToString("N");

        var created = await tenant.CreateProviderKeyAsync(secret);

        Assert.Equal(ResponseFields.Order(), created.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(secret[^4..], created.GetProperty("fingerprint").GetString());
        Assert.Equal("openai", created.GetProperty("provider").GetString());
        Assert.Equal("default", created.GetProperty("pool").GetString());
        Assert.Equal(1, created.GetProperty("weight").GetInt32());
        Assert.Equal(0, created.GetProperty("priority").GetInt32());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.DoesNotContain(secret, created.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndGet_AfterCreate_ReturnTheSameShapeWithoutTheKey()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var secret = "sk-list-" + Guid.NewGuid().ToString("N");
        var id = (await tenant.CreateProviderKeyAsync(secret)).GetProperty("id").GetString();

        var list = await tenant.Client.GetStringAsync("/x/provider-keys", Cancellation);
        var one = await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/provider-keys/{id}", Cancellation);

        Assert.Equal(id, JsonDocument.Parse(list).RootElement.GetProperty("data").EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Equal(ResponseFields.Order(), one.EnumerateObject().Select(p => p.Name).Order());
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, one.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_NewApiKey_ReencryptsItAndChangesTheFingerprint()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = (await tenant.CreateProviderKeyAsync("sk-old-key-AAAA")).GetProperty("id").GetString()!;

        using var response = await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { api_key = "sk-new-key-BBBB", weight = 5, name = "renamed" }, Cancellation);
        var patched = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("BBBB", patched.GetProperty("fingerprint").GetString());
        Assert.Equal(5, patched.GetProperty("weight").GetInt32());
        Assert.Equal("renamed", patched.GetProperty("name").GetString());
        Assert.Equal("sk-new-key-BBBB", await VaultProbe.DecryptAsync(factory, tenant, id));
    }

    [Fact]
    public async Task Create_ShortKey_IsStoredWithoutRevealingFingerprint()
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        var created = await tenant.CreateProviderKeyAsync("sk-1234");

        Assert.Equal("****", created.GetProperty("fingerprint").GetString());
        Assert.Equal("sk-1234", await VaultProbe.DecryptAsync(factory, tenant, created.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Delete_ExistingKey_Returns204ThenNotFound()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var id = (await tenant.CreateProviderKeyAsync("sk-delete-me-0001")).GetProperty("id").GetString();

        using var deleted = await tenant.Client.DeleteAsync($"/x/provider-keys/{id}", Cancellation);
        using var again = await tenant.Client.GetAsync($"/x/provider-keys/{id}", Cancellation);
        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty(list.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Create_WithXApiKeyHeader_IsAuthenticated()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", tenant.Key);

        using var response = await client.GetAsync("/x/provider-keys", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> BadCreateBodies => new()
    {
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-has-crlf\r\nX-Injected: 1","models":["m"]}""", "api_key" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-has-nul\u0000zzzz","models":["m"]}""", "api_key" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-non-ascii-é-key","models":["m"]}""", "api_key" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":" padded-key ","models":["m"]}""", "api_key" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"","models":["m"]}""", "api_key" },
        { "{\"name\":\"n\",\"provider\":\"openai\",\"base_url\":\"https://a.example/v1\",\"api_key\":\"" + new string('k', 513) + "\",\"models\":[\"m\"]}", "api_key" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","models":["m"]}""", "api_key" },
        { """{"name":"n","provider":"openai","base_url":"/relative","api_key":"sk-valid-key-0001","models":["m"]}""", "base_url" },
        { """{"name":"n","provider":"openai","base_url":"ftp://a.example","api_key":"sk-valid-key-0001","models":["m"]}""", "base_url" },
        { """{"name":"n","provider":"openai","base_url":"https://user:pw@a.example/v1","api_key":"sk-valid-key-0001","models":["m"]}""", "base_url" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1#frag","api_key":"sk-valid-key-0001","models":["m"]}""", "base_url" },
        { """{"name":"n","provider":"mistral","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["m"]}""", "provider" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":[]}""", "models" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["m","m"]}""", "models" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["has space"]}""", "models" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["m"],"pool":"Bad Pool"}""", "pool" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["m"],"pool":"missing"}""", "pool" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["m"],"weight":0}""", "weight" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["m"],"priority":-1}""", "priority" },
        { """{"name":"","provider":"openai","base_url":"https://a.example/v1","api_key":"sk-valid-key-0001","models":["m"]}""", "name" },
        { """{"name":"n","provider":"openai","base_url":"https://a.example/v1","api_key":42,"models":["m"]}""", "not valid JSON" },
        { """not json""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task Create_BadField_Returns400NamingItAndStoresNothing(string body, string expected)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await tenant.Client.PostAsync("/x/provider-keys", content, Cancellation);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(list.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"api_key":"bad\nkey-value"}""", "api_key")]
    [InlineData("""{"base_url":"mailto:x@example.com"}""", "base_url")]
    [InlineData("""{"pool":"nope"}""", "pool")]
    [InlineData("""{"models":[]}""", "models")]
    [InlineData("""{"name":"\u0007"}""", "name")]
    public async Task Patch_BadField_Returns400AndChangesNothing(string body, string expected)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var created = await tenant.CreateProviderKeyAsync("sk-patch-keep-0001");
        var id = created.GetProperty("id").GetString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await tenant.Client.PatchAsync($"/x/provider-keys/{id}", content, Cancellation);
        var after = await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/provider-keys/{id}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(created.GetRawText(), after.GetRawText());
    }

    [Theory]
    [InlineData("GET", "/x/provider-keys/AAAAAAAAAAAAAAAAA")]
    [InlineData("PATCH", "/x/provider-keys/AAAAAAAAAAAAAAAAA")]
    [InlineData("DELETE", "/x/provider-keys/AAAAAAAAAAAAAAAAA")]
    [InlineData("GET", "/x/provider-keys/not-an-id")]
    public async Task UnknownId_Returns404ProblemDetails(string method, string path)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PATCH" ? JsonContent.Create(new { weight = 2 }) : null };

        using var response = await tenant.Client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
