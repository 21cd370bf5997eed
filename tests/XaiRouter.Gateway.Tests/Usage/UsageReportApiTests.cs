using System.Globalization;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Forwarding.Tests;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 18: what the console reads of <c>/x/usage</c> and <c>/x/requests</c>: two dimensions at once, hourly
/// buckets, errors beside requests, and names beside key and provider key ids.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UsageReportApiTests(GatewayFactory factory)
{
    private const string FailingModel = "refused-upstream";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Usage_ByTwoDimensions_ByHour_WithErrorsAndNames()
    {
        await using var traffic = await SendTrafficAsync("usage-two-ways");
        var tenant = traffic.Tenant;
        var subId = traffic.SubId;
        var providerKeyId = traffic.ProviderKeyId;

        var dayModel = await GetAsync(tenant.Client, "/x/usage?group_by=day,model");
        var byKey = await GetAsync(tenant.Client, "/x/usage?group_by=key");
        var byProviderKey = await GetAsync(tenant.Client, "/x/usage?group_by=provider_key");
        var byHour = await GetAsync(tenant.Client, "/x/usage?group_by=hour");
        var hourKey = await GetAsync(tenant.Client, "/x/usage?group_by=hour,key");

        // Served: 2 x gpt-4o and 1 failing (root), 1 x gpt-4o-mini (sub); refused: 1 (sub, gpt-4o). Errors: the refusal and the upstream's 400.
        Assert.Equal((4L, 2L), Counts(dayModel.GetProperty("totals")));
        Assert.Equal("day,model", dayModel.GetProperty("group_by").GetString());
        var cells = dayModel.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("group").GetString(), r.GetProperty("day").GetString(), r.GetProperty("model").GetString(), Counts(r)));
        Assert.Equal(
            [($"{Today}|", Today, "", (0L, 1L)), ($"{Today}|gpt-4o", Today, "gpt-4o", (2L, 0L)), ($"{Today}|gpt-4o-mini", Today, "gpt-4o-mini", (1L, 0L)),
                ($"{Today}|{FailingModel}", Today, FailingModel, (1L, 1L))],
            cells);
        Assert.False(dayModel.GetProperty("totals").TryGetProperty("key_name", out var _1));

        var keyRows = byKey.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.Equal("app", keyRows[subId].GetProperty("key_name").GetString());
        Assert.Equal((1L, 1L), Counts(keyRows[subId]));
        Assert.All(keyRows, row => Assert.Equal(row.Key, row.Value.GetProperty("group").GetString()));
        Assert.False(keyRows[subId].TryGetProperty("provider_key_name", out var _2));

        var providerRows = byProviderKey.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("provider_key").GetString()!);
        Assert.Equal("upstream", providerRows[providerKeyId].GetProperty("provider_key_name").GetString());
        Assert.Equal(JsonValueKind.Null, providerRows[""].GetProperty("provider_key_name").ValueKind);
        Assert.Equal((0L, 1L), Counts(providerRows[""]));

        // Hours: a run that crosses an hour has two; each is a UTC hour's start, and together they hold everything.
        var hours = byHour.GetProperty("rows").EnumerateArray().ToList();
        Assert.All(hours, h => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$", h.GetProperty("hour").GetString()!));
        Assert.Equal((4L, 2L), (hours.Sum(h => Counts(h).Requests), hours.Sum(h => Counts(h).Errors)));
        var subHours = hourKey.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("key").GetString() == subId).ToList();
        Assert.All(subHours, r => Assert.Equal($"{r.GetProperty("hour").GetString()}|{subId}", r.GetProperty("group").GetString()));
        Assert.All(subHours, r => Assert.Equal("app", r.GetProperty("key_name").GetString()));
    }

    [Fact]
    public async Task UsageCsv_ByTwoDimensions_HasAColumnPerDimension_AndTheNames()
    {
        await using var traffic = await SendTrafficAsync("usage-csv-two-ways");
        var tenant = traffic.Tenant;
        var subId = traffic.SubId;

        var lines = (await tenant.Client.GetStringAsync("/x/usage.csv?group_by=day,key", Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            "day,key,requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,cost_usd,estimated_requests,cache_write_tokens,errors,key_name", lines[0]);
        Assert.StartsWith("total,,4,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",2", lines[1], StringComparison.Ordinal);
        var sub = Assert.Single(lines, l => l.StartsWith($"{Today},{subId},", StringComparison.Ordinal)).Split(',');
        Assert.Equal(["1", "1", "app"], [sub[2], sub[^2], sub[^1]]);
    }

    [Fact]
    public async Task RequestLog_ByProviderKey_WithTimesAndNames()
    {
        await using var traffic = await SendTrafficAsync("request-log-names");
        var tenant = traffic.Tenant;

        var served = await ListAsync(tenant.Client, $"/x/requests?provider_key={traffic.ProviderKeyId}");
        var all = await ListAsync(tenant.Client, "/x/requests");
        using var bad = await tenant.Client.GetAsync("/x/requests?provider_key=upstream", Cancellation);

        Assert.Equal(4, served.Count);
        Assert.All(served, r => Assert.Equal(traffic.ProviderKeyId, r.GetProperty("provider_key_id").GetString()));
        Assert.All(served, r => Assert.Equal("upstream", r.GetProperty("provider_key_name").GetString()));
        Assert.All(served, r => Assert.True(r.GetProperty("latency_ms").GetInt64() >= 0));
        var ok = served.First(r => r.GetProperty("status").GetInt32() == 200);
        Assert.Equal(ok.GetProperty("time_to_first_byte_ms").GetInt64(), ok.GetProperty("ttfb_ms").GetInt64());
        var refusal = Assert.Single(all, r => r.GetProperty("status").GetInt32() == 403);
        Assert.Equal("app", refusal.GetProperty("key_name").GetString());
        Assert.Equal(JsonValueKind.Null, refusal.GetProperty("provider_key_name").ValueKind);
        Assert.Equal(traffic.SubId, refusal.GetProperty("key_id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdminUsage_TotalsPerTenant_ForTheOperatorOnly_WithoutKeysOrModels()
    {
        await using var traffic = await SendTrafficAsync("chargeback");
        var tenant = traffic.Tenant;
        using var operatorClient = factory.CreateOperatorClient();

        var byTenant = await GetAsync(operatorClient, "/admin/usage");
        var byDay = await GetAsync(operatorClient, $"/admin/usage?group_by=day&from={Today}&to={Today}");
        using var asTenant = await tenant.Client.GetAsync("/admin/usage", Cancellation);
        using var badGrouping = await operatorClient.GetAsync("/admin/usage?group_by=model", Cancellation);

        var row = Assert.Single(byTenant.GetProperty("rows").EnumerateArray(), r => r.GetProperty("tenant_id").GetString() == tenant.Id);
        Assert.Equal("chargeback", row.GetProperty("tenant_name").GetString());
        Assert.Equal((4L, 2L), Counts(row));
        Assert.True(row.GetProperty("cost_usd").GetDecimal() > 0);
        Assert.Equal(
            ["tenant_id", "tenant_name", "requests", "errors", "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens", "cache_write_tokens", "cost_usd"],
            row.EnumerateObject().Select(p => p.Name));
        Assert.True(Counts(byTenant.GetProperty("totals")).Requests >= 4);
        Assert.Equal("tenant", byTenant.GetProperty("group_by").GetString());
        var dayRow = Assert.Single(byDay.GetProperty("rows").EnumerateArray(), r => r.GetProperty("tenant_id").GetString() == tenant.Id);
        Assert.Equal(Today, dayRow.GetProperty("day").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, asTenant.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badGrouping.StatusCode);
        Assert.Equal("application/problem+json", badGrouping.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdminNodes_ListsThisNode_Active()
    {
        using var operatorClient = factory.CreateOperatorClient();

        var nodes = (await GetAsync(operatorClient, "/admin/nodes")).GetProperty("data").EnumerateArray().ToList();

        var node = Assert.Single(nodes, n => n.GetProperty("status").GetString() == "Active");
        Assert.Matches(@"^\S+:\d+@\d+$", node.GetProperty("address").GetString()!);
        Assert.False(string.IsNullOrEmpty(node.GetProperty("host_name").GetString()));
        Assert.False(string.IsNullOrEmpty(node.GetProperty("silo_name").GetString()));
        Assert.True(node.GetProperty("started_at").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.True(node.TryGetProperty("role", out var _));
    }

    [Theory]
    [InlineData("/x/usage?group_by=day,hour")]
    [InlineData("/x/usage?group_by=model,model")]
    [InlineData("/x/usage?group_by=day,model,key")]
    [InlineData("/x/usage?group_by=day,")]
    [InlineData("/x/usage?group_by=hour&from=2020-01-01")]
    [InlineData("/x/usage?group_by=hour&to=yesterday")]
    [InlineData("/x/usage.csv?group_by=hour,week")]
    public async Task BadGrouping_Is400ProblemDetails(string path)
    {
        using var tenant = await TenantSession.CreateAsync(factory, "bad-grouping");

        using var response = await tenant.Client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Hourly_FromBeyondTheWindow_SaysHowFarItReaches()
    {
        using var tenant = await TenantSession.CreateAsync(factory, "hour-window");
        var threeDaysAgo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var response = await tenant.Client.GetAsync($"/x/usage?group_by=hour&from={threeDaysAgo}", Cancellation);
        var recent = await GetAsync(tenant.Client, $"/x/usage?group_by=hour&from={DateTime.UtcNow.AddHours(-2):yyyy-MM-ddTHH:mm:ssZ}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("48 hours", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(recent.GetProperty("rows").EnumerateArray());
    }

    /// <summary>
    /// A tenant with one provider key ("upstream") and a sub-key "app" limited to gpt-4o-mini: the root sends two
    /// gpt-4o requests and one the upstream answers 400; the sub-key one gpt-4o-mini request and one gpt-4o request
    /// the router refuses (403).
    /// </summary>
    private async Task<Traffic> SendTrafficAsync(string name)
    {
        var upstream = await FakeUpstream.StartAsync();
        upstream.Script = static async (context, body, path) =>
        {
            if (body?["model"]?.GetValue<string>() != FailingModel)
            {
                return false;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"message":"bad input","type":"invalid_request_error","param":null,"code":null}}""", context.RequestAborted);
            return true;
        };
        var tenant = await TenantSession.CreateAsync(factory, name);
        var providerKeyId = await tenant.AddProviderKeyAsync(upstream.BaseUrl, $"sk-{name}-upstream-01", ["gpt-4o", "gpt-4o-mini", FailingModel]);
        var sub = await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = "app", models = new[] { "gpt-4o-mini" } });
        using var subClient = factory.CreateClientWithKey(sub.GetProperty("key").GetString()!);

        var statuses = new List<HttpStatusCode>();
        foreach (var (client, model) in new[] { (tenant.Client, "gpt-4o"), (tenant.Client, "gpt-4o"), (tenant.Client, FailingModel), (subClient, "gpt-4o-mini"), (subClient, "gpt-4o") })
        {
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.Forbidden], statuses);
        await LedgerProbe.WaitForRefusalsAsync(factory);
        await LedgerProbe.WaitForLedgerAsync(factory);
        return new Traffic(tenant, sub.GetProperty("id").GetString()!, providerKeyId, upstream);
    }

    private sealed record Traffic(TenantSession Tenant, string SubId, string ProviderKeyId, FakeUpstream Upstream) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Tenant.Dispose();
            await Upstream.DisposeAsync();
        }
    }

    private static (long Requests, long Errors) Counts(JsonElement row) => (row.GetProperty("requests").GetInt64(), row.GetProperty("errors").GetInt64());

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path) => [.. (await GetAsync(client, path)).GetProperty("data").EnumerateArray()];
}
