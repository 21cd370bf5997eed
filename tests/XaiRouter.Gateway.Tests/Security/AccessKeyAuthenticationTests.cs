using System.Net.Http.Headers;

namespace XaiRouter.Gateway.Security.Tests;

[Collection(GatewayCollection.Name)]
public sealed class AccessKeyAuthenticationTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string> BadKeys => new()
    {
        "(none)",
        "sk-Xvs",
        "sk-XvsAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "sk-proj-somebody-elses-openai-key",
        "(unknown id)",
        "(wrong secret)",
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task OpenAIRoute_BadKey_Returns401InOpenAIShape(string key)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var request = Request(HttpMethod.Get, "/v1/models", Resolve(key, tenant));

        using var response = await factory.CreateClient().SendAsync(request, Cancellation);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task AnthropicRoute_BadKey_Returns401InAnthropicShape(string key)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var request = Request(HttpMethod.Post, "/v1/messages", Resolve(key, tenant), header: "x-api-key");

        using var response = await factory.CreateClient().SendAsync(request, Cancellation);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task ManagementRoute_BadKey_Returns401ProblemDetails(string key)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var request = Request(HttpMethod.Get, "/x/provider-keys", Resolve(key, tenant));

        using var response = await factory.CreateClient().SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenAIRoute_ValidKey_PassesAuthentication()
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        using var bearer = await tenant.Client.GetAsync("/v1/not-a-route", Cancellation);
        using var messages = await factory.CreateClient().SendAsync(Request(HttpMethod.Post, "/v1/messages/batches", tenant.Key, header: "x-api-key"), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, bearer.StatusCode);
        Assert.Equal("unknown_url", (await bearer.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, messages.StatusCode);
        Assert.Equal("not_found_error", (await messages.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task DisabledTenant_KeysAreRefusedUntilEnabled()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var operatorClient = factory.CreateOperatorClient();

        (await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/disable", null, Cancellation)).EnsureSuccessStatusCode();
        using var management = await tenant.Client.GetAsync("/x/provider-keys", Cancellation);
        using var openAI = await tenant.Client.GetAsync("/v1/models", Cancellation);
        (await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/enable", null, Cancellation)).EnsureSuccessStatusCode();
        using var again = await tenant.Client.GetAsync("/x/provider-keys", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, management.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, openAI.StatusCode);
        Assert.Equal("tenant_disabled", (await openAI.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task OperatorTokenAndTenantKey_DoNotCrossSurfaces()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var operatorClient = factory.CreateOperatorClient();

        using var operatorOnManagement = await operatorClient.GetAsync("/x/provider-keys", Cancellation);
        using var operatorOnOpenAI = await operatorClient.GetAsync("/v1/models", Cancellation);
        using var tenantOnAdmin = await tenant.Client.GetAsync("/admin/tenants", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, operatorOnManagement.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, operatorOnOpenAI.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tenantOnAdmin.StatusCode);
    }

    private static string Resolve(string key, TenantSession tenant) => key switch
    {
        "(unknown id)" => Vault.AccessKeyFormat.Format(Vault.RandomIds.NewKeyId(), new byte[32]),
        "(wrong secret)" => Vault.AccessKeyFormat.Format(tenant.Key.Substring(6, 17), new byte[32]),
        _ => key,
    };

    private static HttpRequestMessage Request(HttpMethod method, string path, string key, string header = "Authorization")
    {
        var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? JsonContent.Create(new { model = "m" }) : null };
        if (key != "(none)")
        {
            if (header == "Authorization")
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            else
            {
                request.Headers.Add(header, key);
            }
        }

        return request;
    }
}
