using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// <c>/x/requests</c> shows the router's own refusals (401 for a known key id, 403, 404, 429) beside the served
/// requests, and honours its filters <c>model</c>, <c>key</c> and <c>status</c>; an unknown filter is a 400.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RequestLogTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refusals_AreRecorded_AndTheFiltersSelectThem()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory, "request-log");
        await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-request-log-upstream-01", ["gpt-4o", "gpt-4o-mini"]);
        var limited = await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = "mini-only", models = new[] { "gpt-4o-mini" }, limits = new { rpm = 1 } });
        var limitedId = limited.GetProperty("id").GetString()!;
        using var client = factory.CreateClientWithKey(limited.GetProperty("key").GetString()!);
        using var wrongSecret = factory.CreateClientWithKey(Vault.AccessKeyFormat.Format(limitedId, new byte[32]));

        using var forbidden = await ChatAsync(client, "gpt-4o");
        using var served = await ChatAsync(client, "gpt-4o-mini");
        using var limitedOut = await ChatAsync(client, "gpt-4o-mini");
        using var unauthorized = await wrongSecret.GetAsync("/v1/models", Cancellation);
        using var notFound = await tenant.Client.GetAsync("/v1/no-such-route", Cancellation);
        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound],
            [forbidden.StatusCode, served.StatusCode, limitedOut.StatusCode, unauthorized.StatusCode, notFound.StatusCode]);
        await WaitForRefusalsAsync();
        await Forwarding.Tests.LedgerProbe.WaitForLedgerAsync(factory);

        var all = await ListAsync(tenant.Client, "/x/requests");
        var only403 = await ListAsync(tenant.Client, "/x/requests?status=403");
        var only4o = await ListAsync(tenant.Client, "/x/requests?model=gpt-4o");
        var onlyLimited = await ListAsync(tenant.Client, $"/x/requests?key={limitedId}");
        var limited429 = await ListAsync(tenant.Client, $"/x/requests?key={limitedId}&status=429&model=gpt-4o-mini");
        using var badStatus = await tenant.Client.GetAsync("/x/requests?status=forbidden", Cancellation);
        using var unknownFilter = await tenant.Client.GetAsync("/x/requests?provider=openai", Cancellation);

        Assert.Equal([404, 401, 429, 200, 403], all.Select(r => r.GetProperty("status").GetInt32()));
        var refusal = Assert.Single(only403);
        Assert.Equal(limitedId, refusal.GetProperty("key_id").GetString());
        Assert.Equal("gpt-4o", refusal.GetProperty("model").GetString());
        Assert.Equal("permission_denied", refusal.GetProperty("error").GetString());
        Assert.Equal(403, Assert.Single(only4o).GetProperty("status").GetInt32());
        Assert.Equal([401, 429, 200, 403], onlyLimited.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("rate_limit_exceeded", Assert.Single(limited429).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("application/problem+json", badStatus.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, unknownFilter.StatusCode);
        Assert.Contains("provider", (await unknownFilter.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Review of issue 16: a refusal's model is the caller's own text. Stored whole, a refused request wrote a row as
    /// large as its body; with a NUL in it, PostgreSQL refused the row, and the batch it was in was retried forever,
    /// settling nothing after it. Now it is cut to what a <c>model</c> filter takes and stored without what a database
    /// refuses (U+FFFD instead).
    /// </summary>
    [Fact]
    public async Task RefusedModelNames_AreCut_AndStoredWithoutCharactersADatabaseRefuses()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory, "request-log-junk");
        await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-request-log-junk-upstream-01", ["gpt-4o"]);
        var restricted = await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = "4o-only", models = new[] { "gpt-4o" } });
        using var client = factory.CreateClientWithKey(restricted.GetProperty("key").GetString()!);

        using var huge = await ChatAsync(client, new string('m', 10_000));
        using var nul = await ChatAsync(client, "bad\u0000name");
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [huge.StatusCode, nul.StatusCode]);
        await WaitForRefusalsAsync();
        await Forwarding.Tests.LedgerProbe.WaitForLedgerAsync(factory);

        var refused = await ListAsync(tenant.Client, "/x/requests?status=403");
        Assert.Equal(["bad\ufffdname", new string('m', RequestLogFilter.MaxModelLength)], refused.Select(r => r.GetProperty("model").GetString()));
    }

    private Task WaitForRefusalsAsync() => Forwarding.Tests.LedgerProbe.WaitForRefusalsAsync(factory);

    private static async Task<HttpResponseMessage> ChatAsync(HttpClient client, string model) =>
        await client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("data").EnumerateArray()];
    }
}
