using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>Request and token windows enforced across two gateways of one cluster.</summary>
[Collection(TwoGatewayCollection.Name)]
public sealed class ClusterRateLimitTests(TwoGatewayFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Rpm30_NinetyConcurrentRequestsOverTwoGateways_AdmitExactly30_ThenTheNextWindowAdmitsAgain()
    {
        using var tenant = await cluster.CreateTenantAsync(["gpt-4o"]);
        var (_, key) = await tenant.CreateKeyAsync(limits: new { rpm = 30 });
        var clients = tenant.ClientsFor(key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 90).Select(_ => tenant.ChatAsync(clients, "gpt-4o")));

        var admitted = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        output.WriteLine($"rpm=30 over two gateways: {admitted.Count} admitted of 90 (over-admission {admitted.Count - 30})");
        Assert.Equal(30, admitted.Count);
        Assert.Equal(60, refused.Count);
        foreach (var response in admitted)
        {
            Assert.Equal("30", LimitsTenant.Header(response, "x-ratelimit-limit-requests"));
            Assert.InRange(long.Parse(LimitsTenant.Header(response, "x-ratelimit-remaining-requests")!, System.Globalization.CultureInfo.InvariantCulture), 0, 29);
            Assert.Matches("^[0-9.hms]+$", LimitsTenant.Header(response, "x-ratelimit-reset-requests"));
        }

        foreach (var response in refused)
        {
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error");
            Assert.Equal("rate_limit_exceeded", error.GetProperty("type").GetString());
            Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
            Assert.Equal("2", LimitsTenant.Header(response, "Retry-After"));
            Assert.Equal("30", LimitsTenant.Header(response, "x-ratelimit-limit-requests"));
            Assert.Equal("0", LimitsTenant.Header(response, "x-ratelimit-remaining-requests"));
        }

        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => tenant.ChatAsync(clients, "gpt-4o")));
        Assert.Equal(30, next.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(10, next.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Tpm_RealTokenCountsFromTheUpstream_AdmittedTokensStayWithinTheLimitPlusOneReconciliationPerGateway()
    {
        // The upstream reports 20 prompt tokens; the gateway estimates 8 for "hello" and reserves 30 more for
        // max_tokens, so each request is reconciled 12 tokens over its reservation.
        const int limit = 1000, actual = 50, error = 12;
        using var tenant = await cluster.CreateTenantAsync(["usage-20-30"]);
        var (_, key) = await tenant.CreateKeyAsync(limits: new { tpm = limit });
        var clients = tenant.ClientsFor(key);

        var admitted = 0;
        for (var i = 0; i < 60; i++)
        {
            using var response = await tenant.ChatAsync(clients, "usage-20-30", maxTokens: 30);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                admitted++;
                continue;
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), LimitsTenant.Header(response, "x-ratelimit-limit-tokens"));
        }

        var tokens = admitted * actual;
        output.WriteLine($"tpm={limit} over two gateways: {admitted} requests admitted, {tokens} real tokens (over-admission {tokens - limit})");
        Assert.InRange(tokens, limit - (4 * actual), limit + (2 * error));
    }

    [Fact]
    public async Task HighLimit_SteadyState_MostAdmissionsComeFromLeasesWithoutAGrainCall()
    {
        using var tenant = await cluster.CreateTenantAsync(["gpt-4o"]);
        var (_, key) = await tenant.CreateKeyAsync(limits: new { rpm = 60000 });
        var clients = tenant.ClientsFor(key);
        var metrics = new[] { cluster.First, cluster.Second }.Select(g => g.Services.GetRequiredService<AdmissionMetrics>()).ToArray();
        var leaseBefore = metrics.Sum(m => m.LeaseDecisions);
        var grainBefore = metrics.Sum(m => m.GrainDecisions);

        for (var i = 0; i < 400; i++)
        {
            using var response = await tenant.ChatAsync(clients, "gpt-4o");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var lease = metrics.Sum(m => m.LeaseDecisions) - leaseBefore;
        var grain = metrics.Sum(m => m.GrainDecisions) - grainBefore;
        output.WriteLine($"rpm=60000, 400 requests over two gateways: {grain} grain calls ({100.0 * grain / (lease + grain):0.0}%), {lease} from leases");
        Assert.Equal(400, lease + grain);
        Assert.True(grain <= 400 / 20, $"{grain} of 400 admissions needed a grain call");
    }

    [Fact]
    public async Task PerModelLimit_AppliesToThatModelOnly()
    {
        using var tenant = await cluster.CreateTenantAsync(["gpt-4o", "gpt-4o-mini"]);
        var (_, key) = await tenant.CreateKeyAsync(limits: new { per_model = new Dictionary<string, object> { ["gpt-4o"] = new { rpm = 2 } } });
        var clients = tenant.ClientsFor(key);

        var limited = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => tenant.ChatAsync(clients, "gpt-4o")));
        var free = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => tenant.ChatAsync(clients, "gpt-4o-mini")));

        Assert.Equal(2, limited.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(free, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task AncestorLimit_BindsItsSubKeys()
    {
        using var tenant = await cluster.CreateTenantAsync(["gpt-4o"]);
        var (_, parent) = await tenant.CreateKeyAsync(limits: new { rpm = 3 }, manage: true);
        using var parentClient = cluster.First.CreateClientWithKey(parent);
        using var created = await parentClient.PostAsJsonAsync("/x/keys", new { name = "child" }, TestContext.Current.CancellationToken);
        var childBody = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var child = childBody.GetProperty("key").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => tenant.ChatAsync(tenant.ClientsFor(child), "gpt-4o")));

        // The child has no limits of its own (they are not copied from the parent); the parent's bind it.
        Assert.Equal(JsonValueKind.Null, childBody.GetProperty("limits").ValueKind);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task ProviderKeyLimits_SaturatedKeyIsSkipped_ThenAllSaturatedIs429()
    {
        using var tenant = await cluster.CreateTenantAsync(["gpt-4o"], providerKeyLimits: new { rpm = 2 });
        await tenant.Session.AddProviderKeyAsync(cluster.Upstream.BaseUrl, "sk-second-provider-key-0123456789", ["gpt-4o"], new { rpm = 2 }, priority: 1);
        var (_, key) = await tenant.CreateKeyAsync();
        var clients = tenant.ClientsFor(key);
        var before = cluster.Upstream.Requests.Count;

        var served = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await tenant.ChatAsync(clients, "gpt-4o");
            served.Add(response.StatusCode);
            if (i == 4)
            {
                var error = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error");
                Assert.Contains("provider key", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], served);
        var credentials = cluster.Upstream.Requests.Skip(before).Select(r => r.Headers["Authorization"]).ToList();
        Assert.Equal(
            ["Bearer " + TwoGatewayFixture.ProviderKey, "Bearer " + TwoGatewayFixture.ProviderKey, "Bearer sk-second-provider-key-0123456789", "Bearer sk-second-provider-key-0123456789"],
            credentials);
    }
}
