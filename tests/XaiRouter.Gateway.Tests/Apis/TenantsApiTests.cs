using System.Net.Http.Headers;
using System.Text;

namespace XaiRouter.Gateway.Apis.Tests;

[Collection(GatewayCollection.Name)]
public sealed class TenantsApiTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateTenant_ValidName_Returns201WithIdAndName()
    {
        using var client = factory.CreateOperatorClient();

        using var response = await client.PostAsJsonAsync("/admin/tenants", new { name = "Acme Corp" }, Cancellation);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tenant = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var id = tenant.GetProperty("id").GetString();
        Assert.Matches("^[0-9A-Za-z]{22}$", id);
        Assert.Equal("Acme Corp", tenant.GetProperty("name").GetString());
        Assert.Equal("active", tenant.GetProperty("status").GetString());
        Assert.True(tenant.TryGetProperty("created_at", out _));
        Assert.Equal($"/admin/tenants/{id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CreateTenant_SixtyFourEmoji_IsAccepted()
    {
        using var client = factory.CreateOperatorClient();
        var name = string.Concat(Enumerable.Repeat("\U0001F680", 64));

        using var response = await client.PostAsJsonAsync("/admin/tenants", new { name }, Cancellation);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("name").GetString());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"name":""}""", "required" },
        { """{}""", "required" },
        { """{"name":null}""", "required" },
        { """{"name":"   "}""", "visible" },
        { """{"name":"tab\there"}""", "non-printable" },
        { """{"name":"zero\u200Bwidth"}""", "non-printable" },
        { """{"name":"bad\uD800"}""", "not valid JSON" },
        { "{\"name\":\"" + new string('a', 65) + "\"}", "64" },
        { """{"name":42}""", "not valid JSON" },
        { """not json""", "not valid JSON" },
        { """[]""", "not valid JSON" },
        { "", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateTenant_InvalidBody_Returns400ProblemDetails(string body, string expectedDetail)
    {
        using var client = factory.CreateOperatorClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/admin/tenants", content, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(expectedDetail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTenants_AfterCreate_ContainsTheTenantInListShape()
    {
        using var client = factory.CreateOperatorClient();
        var id = await CreateTenantAsync(client, "Listed");

        var list = await client.GetFromJsonAsync<JsonElement>("/admin/tenants", Cancellation);

        Assert.Equal("list", list.GetProperty("object").GetString());
        var entry = list.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal("Listed", entry.GetProperty("name").GetString());
    }

    [Fact]
    public async Task DisableThenEnable_ChangesStatusEverywhere()
    {
        using var client = factory.CreateOperatorClient();
        var id = await CreateTenantAsync(client, "Toggled");

        using var disabled = await client.PostAsync($"/admin/tenants/{id}/disable", null, Cancellation);
        var afterDisable = await client.GetFromJsonAsync<JsonElement>($"/admin/tenants/{id}", Cancellation);
        var list = await client.GetFromJsonAsync<JsonElement>("/admin/tenants", Cancellation);
        using var enabled = await client.PostAsync($"/admin/tenants/{id}/enable", null, Cancellation);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("disabled", afterDisable.GetProperty("status").GetString());
        Assert.Equal("disabled", list.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id).GetProperty("status").GetString());
        Assert.Equal("active", (await enabled.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/admin/tenants/AAAAAAAAAAAAAAAAAAAAAA/disable")]
    [InlineData("/admin/tenants/AAAAAAAAAAAAAAAAAAAAAA/enable")]
    [InlineData("/admin/tenants/not-a-tenant-id/disable")]
    public async Task SetStatus_UnknownTenant_Returns404ProblemDetails(string path)
    {
        using var client = factory.CreateOperatorClient();

        using var response = await client.PostAsync(path, null, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTenant_UnknownTenant_Returns404ProblemDetails()
    {
        using var client = factory.CreateOperatorClient();

        using var response = await client.GetAsync("/admin/tenants/AAAAAAAAAAAAAAAAAAAAAB", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string> BadAuthorizations => new()
    {
        "(none)",
        "Bearer wrong-token-of-some-length-000000",
        "Bearer " + GatewayFactory.ConfiguredToken + "x",
        "Bearer ",
        "Basic " + GatewayFactory.ConfiguredToken,
        GatewayFactory.ConfiguredToken,
    };

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task OperatorApi_MissingOrWrongToken_Returns401ProblemDetails(string authorization)
    {
        using var client = factory.CreateClient();

        foreach (var request in new[] { NewRequest(HttpMethod.Get, "/admin/tenants"), NewRequest(HttpMethod.Post, "/admin/tenants") })
        {
            if (authorization != "(none)")
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await client.SendAsync(request, Cancellation);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
            Assert.Equal("A valid operator token is required: Authorization: Bearer <operator token>.", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task OperatorApi_WrongToken_CreatesNothing()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-of-some-length-000000");
        var name = "never-" + Guid.NewGuid().ToString("N");

        using var response = await client.PostAsJsonAsync("/admin/tenants", new { name }, Cancellation);

        using var operatorClient = factory.CreateOperatorClient();
        var list = await operatorClient.GetStringAsync("/admin/tenants", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(name, list, StringComparison.Ordinal);
    }

    private static HttpRequestMessage NewRequest(HttpMethod method, string path) => new(method, path)
    {
        Content = method == HttpMethod.Post ? new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json") : null,
    };

    private static async Task<string> CreateTenantAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/admin/tenants", new { name }, Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }
}
