using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Gateway.Regions.Tests;

/// <summary>
/// <c>/x/usage</c> in a region of two sums this region's ledger and the peer's own rows (<c>GET /admin/regions/usage</c>
/// on a loopback peer), exactly, and says which regions are in the sums and since when one is missing; the peer route
/// answers this region's rows only.
/// </summary>
public sealed class RegionUsageTests : TwoRegionTest
{
    [Fact]
    public async Task Usage_SumsBothRegionsExactly_AndNamesAMissingRegionSinceWhen()
    {
        using var tenant = await TenantSession.CreateAsync(Factory, "spender");
        var today = DateTimeOffset.UtcNow;
        var day = DateOnly.FromDateTime(today.UtcDateTime);
        await Factory.Services.GetRequiredService<UsageStore>().WriteAsync(tenant.Id, day,
            [new UsageRecord("r1", tenant.Id, "k1", "gpt-4o", "p1", today, 200, 10, 0, 5, 0, false, 0.1000000001m, 12)], Cancellation);
        Peer.UsageAnswer = JsonSerializer.Serialize(new
        {
            rows = new[]
            {
                new { bucket = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), totals = new
                {
                    key_id = "k1", model = "gpt-4o", provider_key_id = "p2", requests = 2, input_tokens = 20, cached_input_tokens = 0,
                    output_tokens = 7, reasoning_tokens = 0, cost_usd = 0.2000000002m, estimated_requests = 0, errors = 1,
                } },
            },
        });

        var both = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage?group_by=model", Cancellation);
        Peer.Down = true;
        var missing = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation);
        var stillMissing = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation);
        Peer.Down = false;
        var back = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/usage", Cancellation);

        Assert.Equal(3, both.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(12, both.GetProperty("totals").GetProperty("output_tokens").GetInt64());
        Assert.Equal(0.3000000003m, both.GetProperty("totals").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(1, both.GetProperty("totals").GetProperty("errors").GetInt64());
        var row = Assert.Single(both.GetProperty("rows").EnumerateArray());
        Assert.Equal(3, row.GetProperty("requests").GetInt64());
        Assert.Equal([(RegionGatewayFactory.Self, true), (RegionGatewayFactory.Peer, true)], Regions(both));
        Assert.Equal(1, missing.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal([(RegionGatewayFactory.Self, true), (RegionGatewayFactory.Peer, false)], Regions(missing));
        var since = missing.GetProperty("regions")[1].GetProperty("missing_since").GetDateTimeOffset();
        Assert.Equal(since, stillMissing.GetProperty("regions")[1].GetProperty("missing_since").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("regions")[1].GetProperty("missing_since").ValueKind);
        Assert.Equal(3, back.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.All(Peer.Calls.Where(c => c.PathAndQuery.StartsWith("/admin/regions/usage", StringComparison.Ordinal)), call =>
        {
            Assert.Contains("tenant=" + tenant.Id, call.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal("Bearer " + GatewayFactory.ConfiguredToken, call.Authorization);
        });
    }

    [Fact]
    public async Task PeerRoute_AnswersThisRegionsRowsOnly_OperatorOnly_BadInputIs400()
    {
        using var tenant = await TenantSession.CreateAsync(Factory, "peer-asked");
        var now = DateTimeOffset.UtcNow;
        await Factory.Services.GetRequiredService<UsageStore>().WriteAsync(tenant.Id, DateOnly.FromDateTime(now.UtcDateTime),
            [new UsageRecord("r2", tenant.Id, "k1", "gpt-4o-mini", "p1", now, 200, 3, 0, 4, 0, false, 0.25m, 9)], Cancellation);
        using var operatorClient = Factory.CreateOperatorClient();
        var range = $"from={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(now.ToString("O"))}";

        var answer = await operatorClient.GetFromJsonAsync<JsonElement>($"/admin/regions/usage?tenant={tenant.Id}&{range}", Cancellation);
        using var asTenant = await tenant.Client.GetAsync($"/admin/regions/usage?tenant={tenant.Id}&{range}", Cancellation);
        using var badTime = await operatorClient.GetAsync($"/admin/regions/usage?tenant={tenant.Id}&from=yesterday&to=now", Cancellation);

        var row = Assert.Single(answer.GetProperty("rows").EnumerateArray());
        Assert.Equal(0.25m, row.GetProperty("totals").GetProperty("cost_usd").GetDecimal());
        Assert.Equal("gpt-4o-mini", row.GetProperty("totals").GetProperty("model").GetString());
        Assert.DoesNotContain(Peer.Calls, c => c.PathAndQuery.StartsWith("/admin/regions/usage", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, asTenant.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
    }

    private static (string, bool)[] Regions(JsonElement report) =>
        [.. report.GetProperty("regions").EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("included").GetBoolean()))];
}
