namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>Failover before the first byte, and what is never retried.</summary>
[Collection(RoutingCollection.Name)]
public sealed class FailoverTests(RoutingFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task OneOfThreeKeysAlwaysFailing_500RequestsAllSucceed_TheBreakerOpensAfterThreeFailures()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (failing, failingId) = await tenant.AddUpstreamAsync(UpstreamFault.Always500);
        await tenant.AddUpstreamAsync(UpstreamFault.None);
        await tenant.AddUpstreamAsync(UpstreamFault.None);

        var answers = new List<RoutingTenant.Answer>();
        for (var i = 0; i < 500; i++)
        {
            answers.Add(await tenant.ChatAsync());
        }

        output.WriteLine($"always-500 key among 3: {answers.Count(a => a.Status == HttpStatusCode.OK)}/500 succeeded, failing key got {failing.Requests.Count} requests, {answers.Count(a => a.Attempts > 1)} needed a second attempt");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(ProviderHealthStateFailuresToOpen, failing.Requests.Count);
        Assert.DoesNotContain(answers, a => a.ProviderKey == failingId);
        // 5xx are the model's failures: its circuit opens, the key's other models would stay served.
        Assert.Equal("open", (await tenant.HealthAsync(failingId)).GetProperty("models").GetProperty("gpt-4o").GetProperty("state").GetString());

        // After the cooldown one probe goes through, fails, and the circuit opens again.
        fixture.Clock.Advance(Grains.Health.ProviderHealthState.OpenCooldown);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await tenant.ChatAsync()).Status);
        }

        Assert.Equal(ProviderHealthStateFailuresToOpen + 1, failing.Requests.Count);
    }

    [Fact]
    public async Task ThirtyPercent5xx_EveryRequestSucceedsThroughRetries()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (flaky, _) = await tenant.AddUpstreamAsync(UpstreamFault.Thirty500);
        await tenant.AddUpstreamAsync(UpstreamFault.None);

        var answers = new List<RoutingTenant.Answer>();
        for (var i = 0; i < 200; i++)
        {
            answers.Add(await tenant.ChatAsync());
        }

        output.WriteLine($"30% 5xx key among 2: {answers.Count(a => a.Status == HttpStatusCode.OK)}/200 succeeded, {answers.Count(a => a.Attempts > 1)} retried, flaky key got {flaky.Requests.Count}");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Contains(answers, a => a.Attempts == 2);
    }

    [Fact]
    public async Task TooManyRequestsWithRetryAfter_IsRetriedElsewhere_AndCoolsTheKeyDownForThatLong()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (limited, limitedId) = await tenant.AddUpstreamAsync(UpstreamFault.TooManyRequests, priority: 0);
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var first = await tenant.ChatAsync();
        var second = await tenant.ChatAsync();
        // A 429 of the model's rate limit (not the account's quota) cools that model of the key down.
        var health = (await tenant.HealthAsync(limitedId)).GetProperty("models").GetProperty("gpt-4o");
        fixture.Clock.Advance(TimeSpan.FromSeconds(8));
        var afterCooldown = await tenant.ChatAsync();

        Assert.Equal((HttpStatusCode.OK, healthyId, 2), (first.Status, first.ProviderKey, first.Attempts));
        Assert.Equal((HttpStatusCode.OK, healthyId, 1), (second.Status, second.ProviderKey, second.Attempts));
        Assert.Equal("cooldown", health.GetProperty("state").GetString());
        Assert.Equal(fixture.Clock.GetUtcNow().AddSeconds(-8 + 7), health.GetProperty("cooldown_until").GetDateTimeOffset());
        Assert.Equal(2, afterCooldown.Attempts);
        Assert.Equal(2, limited.Requests.Count);
    }

    [Fact]
    public async Task HangingUpstream_TimesOutBeforeHeaders_AndTheNextKeyAnswers()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.Hang, priority: 0);
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var answer = await tenant.ChatAsync();

        Assert.Equal((HttpStatusCode.OK, healthyId, 2), (answer.Status, answer.ProviderKey, answer.Attempts));
    }

    [Fact]
    public async Task ConnectFailure_IsRetriedOnTheNextKey()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (gone, _) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 0);
        await gone.DisposeAsync();
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var answer = await tenant.ChatAsync();

        Assert.Equal((HttpStatusCode.OK, healthyId, 2), (answer.Status, answer.ProviderKey, answer.Attempts));
    }

    [Fact]
    public async Task Unauthorized_IsRetriedOnTheNextKey_AndTheKeyEntersALongCooldown()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (bad, badId) = await tenant.AddUpstreamAsync(UpstreamFault.Unauthorized, priority: 0);
        var (healthy, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var first = await tenant.ChatAsync();
        var health = await tenant.HealthAsync(badId);
        var next = await tenant.ChatAsync();

        // The upstream refused the provider key, not the caller's request: another key serves it, and the refused key rests.
        Assert.Equal((HttpStatusCode.OK, healthyId, 2), (first.Status, first.ProviderKey, first.Attempts));
        Assert.Equal("misconfigured", health.GetProperty("state").GetString());
        Assert.Equal(fixture.Clock.GetUtcNow() + Grains.Health.ProviderHealthState.MisconfiguredCooldown, health.GetProperty("cooldown_until").GetDateTimeOffset());
        Assert.Equal((HttpStatusCode.OK, healthyId, 1), (next.Status, next.ProviderKey, next.Attempts));
        Assert.Single(bad.Requests);
        Assert.Equal(2, healthy.Requests.Count);
    }

    [Fact]
    public async Task FailureAfterTheFirstStreamedByte_IsNotRetried_AndEndsTheStreamWithAnErrorEvent()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (dropping, droppingId) = await tenant.AddUpstreamAsync(UpstreamFault.DropMidStream, priority: 0);
        var (healthy, _) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "gpt-4o", stream = true, messages = new[] { new { role = "user", content = "hello" } } }),
        };

        using var response = await tenant.Session.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var first = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
        dropping.ReleaseStream();
        var rest = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(droppingId, response.Headers.GetValues("x-xai-provider-key").Single());
        Assert.Equal("1", response.Headers.GetValues("x-xai-attempts").Single());
        Assert.StartsWith("data: {", first, StringComparison.Ordinal);
        Assert.EndsWith("\"code\":\"upstream_stream_error\"}}\n\n", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", rest, StringComparison.Ordinal);
        Assert.Empty(healthy.Requests);
    }

    [Fact]
    public async Task FallbackChain_WhenAModelHasNoHealthyKey_TheNextModelServes()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.Always500, models: ["gpt-4o"]);
        var (fallback, fallbackId) = await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["gpt-4.1"]);
        await tenant.PutSettingsAsync(new { fallbacks = new Dictionary<string, string[]> { ["gpt-4o"] = ["gpt-4.1"] } });

        var answers = new List<RoutingTenant.Answer>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await tenant.ChatAsync("gpt-4o"));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, fallbackId), (a.Status, a.ProviderKey)));
        Assert.Equal([2, 2, 2, 1, 1], answers.Select(a => a.Attempts));
        Assert.All(fallback.Requests, r => Assert.Contains("\"model\":\"gpt-4.1\"", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoHealthyKeyAndNoFallback_Is503WithRetryAfter()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.Always500);

        var failures = new List<RoutingTenant.Answer>();
        for (var i = 0; i < 4; i++)
        {
            failures.Add(await tenant.ChatAsync());
        }

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable],
            failures.Select(f => f.Status));
        Assert.Contains("no_healthy_upstream", failures[^1].Body, StringComparison.Ordinal);
    }

    private const int ProviderHealthStateFailuresToOpen = Grains.Health.ProviderHealthState.FailuresToOpen;
}
