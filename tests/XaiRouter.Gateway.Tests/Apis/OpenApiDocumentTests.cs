namespace XaiRouter.Gateway.Apis.Tests;

/// <summary>
/// Issue 18: <c>/openapi/v1.json</c> is generated from the mapped endpoints (every one of them: a route the generator
/// cannot describe would fail the whole document) and documents the routes the console calls, with a bearer scheme.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenApiDocumentTests(GatewayFactory factory)
{
    [Fact]
    public async Task Document_ListsTheConsolesRoutes_WithABearerScheme()
    {
        using var anonymous = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Host = "evil.example" } };

        using var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", document.GetRawText(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string>(["/x/usage", "/x/usage.csv", "/x/requests", "/x/keys", "/x/provider-keys", "/x/pools", "/x/prices", "/x/settings", "/x/session",
                "/admin/usage", "/admin/nodes", "/admin/tenants"], StringComparer.Ordinal),
            paths);
        var usage = document.GetProperty("paths").GetProperty("/x/usage").GetProperty("get");
        Assert.Contains("group_by", usage.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.Contains(document.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("bearer", out _));
    }
}
