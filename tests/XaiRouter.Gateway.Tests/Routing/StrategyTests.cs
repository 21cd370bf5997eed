using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>Routing strategies and liveness.</summary>
[Collection(RoutingCollection.Name)]
public sealed class StrategyTests(RoutingFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task WeightedSplit3To1_HoldsOver2000Requests()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, heavyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, weight: 3);
        var (_, lightId) = await tenant.AddUpstreamAsync(UpstreamFault.None, weight: 1);

        var counts = new Dictionary<string, int> { [heavyId] = 0, [lightId] = 0 };
        for (var i = 0; i < 2000; i++)
        {
            counts[(await tenant.ChatAsync()).ProviderKey!]++;
        }

        // 1500 expected; the binomial standard deviation is about 19, so this is four of them.
        output.WriteLine($"weights 3:1 over 2000 requests: {counts[heavyId]}:{counts[lightId]}");
        Assert.InRange(counts[heavyId], 1420, 1580);
    }

    [Fact]
    public async Task PriorityTiers_AreUsedInOrder()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, firstTier) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 0);
        var (second, _) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1, weight: 100);

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(firstTier, (await tenant.ChatAsync()).ProviderKey);
        }

        Assert.Empty(second.Requests);
    }

    [Fact]
    public async Task LeastLatency_MovesTrafficAwayFromASlowKey()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (slow, _) = await tenant.AddUpstreamAsync(UpstreamFault.SlowFirstByte);

        // Far slower than any hiccup of a loaded test machine, so the EWMA comparison is never a coin toss.
        slow.SlowBy = TimeSpan.FromMilliseconds(250);
        var (fast, _) = await tenant.AddUpstreamAsync(UpstreamFault.None);
        await tenant.PutSettingsAsync(new { routing = new { strategy = "least-latency" } });

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await tenant.ChatAsync()).Status);
        }

        output.WriteLine($"least-latency, 250 ms slower key: slow {slow.Requests.Count}, fast {fast.Requests.Count} of 100");
        Assert.True(slow.Requests.Count <= 10, $"the slow key served {slow.Requests.Count} of 100");
    }

    [Fact]
    public async Task PerModelStrategy_OverridesTheTenantDefault()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.None);
        await tenant.PutSettingsAsync(new { routing = new { strategy = "least-busy", per_model = new Dictionary<string, string> { ["gpt-4o"] = "lowest-cost" } } });

        var settings = await tenant.Session.Client.GetFromJsonAsync<JsonElement>("/x/settings", TestContext.Current.CancellationToken);

        Assert.Equal("least-busy", settings.GetProperty("routing").GetProperty("strategy").GetString());
        Assert.Equal("lowest-cost", settings.GetProperty("routing").GetProperty("per_model").GetProperty("gpt-4o").GetString());
        Assert.Equal(HttpStatusCode.OK, (await tenant.ChatAsync()).Status);
    }

    [Theory]
    [InlineData("""{"routing":{"strategy":"fastest"}}""", "routing.strategy")]
    [InlineData("""{"routing":{"per_model":{"gpt-4o":"random"}}}""", "routing.per_model.gpt-4o")]
    [InlineData("""{"fallbacks":{"gpt-4o":[]}}""", "fallbacks.gpt-4o")]
    [InlineData("""{"fallbacks":{"gpt-4o":["gpt-4o"]}}""", "fallbacks.gpt-4o")]
    public async Task BadRoutingSettings_Are400NamingTheField(string body, string field)
    {
        await using var tenant = await fixture.CreateTenantAsync();

        using var response = await tenant.Session.Client.PutAsync("/x/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"'{field}'", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LivenessProbe_TakesAnUnreachableHostOutOfRoutingBeforeAnyRequestFails()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (gone, _) = await tenant.AddUpstreamAsync(UpstreamFault.None);
        var (_, liveId) = await tenant.AddUpstreamAsync(UpstreamFault.None);
        Assert.Equal(HttpStatusCode.OK, (await tenant.ChatAsync()).Status);
        await gone.DisposeAsync();

        await fixture.Gateway.Services.GetRequiredService<LivenessProber>().ProbeAllAsync(TestContext.Current.CancellationToken);
        var answers = new List<RoutingTenant.Answer>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await tenant.ChatAsync());
        }

        // Without the probe, the first requests ordered to the dead host would have needed a second attempt.
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, liveId, 1), (a.Status, a.ProviderKey, a.Attempts)));
    }

    [Fact]
    public async Task LivenessMark_IsAHint_AKeyWhoseHostIsMarkedDownIsStillTriedWhenNothingElseServes()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (gone, id) = await tenant.AddUpstreamAsync(UpstreamFault.None);
        var port = new Uri(gone.BaseUrl).Port;
        Assert.Equal(HttpStatusCode.OK, (await tenant.ChatAsync()).Status);
        await gone.DisposeAsync();
        await fixture.Gateway.Services.GetRequiredService<LivenessProber>().ProbeAllAsync(TestContext.Current.CancellationToken);

        // The host comes back before the next probe (or another server now listens on its port).
        await using var back = await FakeUpstream.StartAsync(port);
        var answer = await tenant.ChatAsync();

        Assert.Equal((HttpStatusCode.OK, id, 1), (answer.Status, answer.ProviderKey, answer.Attempts));
        Assert.Single(back.Requests);
    }
}
