namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>Only the upstream's own failures count against a provider key, and a model's failures only against that model.</summary>
[Collection(RoutingCollection.Name)]
public sealed class HealthBlameTests(RoutingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChunkedBodiesTurningMalformedAfter16KiB_AreTheClients400_AndTheSharedKeyStaysServed()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, keyId) = await tenant.AddUpstreamAsync(UpstreamFault.None);
        var subKey = (await SubKeysApiTests.CreateKeyAsync(tenant.Session.Client, new { name = "app", manage = false })).GetProperty("key").GetString()!;
        // A plain client: the factory's own buffers request bodies (for redirects) and would send a length.
        using var factoryClient = fixture.Gateway.CreateClient();
        using var client = new HttpClient { BaseAddress = factoryClient.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", subKey);

        var refusals = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 3; i++)
        {
            // Chunked (no length) and larger than one scan chunk: the model is known and forwarding has begun when the body breaks.
            using var content = new GatedJsonContent(
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 20 * 1024) + "\"}", "],\"stream\": nope}");
            content.Release();
            using var response = await client.PostAsync("/v1/chat/completions", content, Cancellation);
            refusals.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Cancellation)));
        }

        var health = await tenant.HealthAsync(keyId);
        var next = await tenant.ChatAsync();

        Assert.All(refusals, r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.All(refusals, r => Assert.Contains("invalid_request_error", r.Body, StringComparison.Ordinal));
        Assert.Equal("healthy", health.GetProperty("state").GetString());
        Assert.Equal(0, health.GetProperty("consecutive_failures").GetInt32());
        Assert.Equal((HttpStatusCode.OK, keyId), (next.Status, next.ProviderKey));
    }

    [Fact]
    public async Task ThreeUpstream500sOnOneModel_OpenThatModelsCircuit_AndTheKeysOtherModelIsServed()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (upstream, keyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["upstream-500", "gpt-4o"]);

        var failures = new List<RoutingTenant.Answer>();
        for (var i = 0; i < Grains.Health.ProviderHealthState.FailuresToOpen + 1; i++)
        {
            failures.Add(await tenant.ChatAsync("upstream-500"));
        }

        var health = await tenant.HealthAsync(keyId);
        var other = await tenant.ChatAsync("gpt-4o");

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable],
            failures.Select(f => f.Status));
        Assert.Equal(Grains.Health.ProviderHealthState.FailuresToOpen, upstream.Requests.Count(r => r.Body.Contains("upstream-500", StringComparison.Ordinal)));
        Assert.Equal("healthy", health.GetProperty("state").GetString());
        Assert.Equal("open", health.GetProperty("models").GetProperty("upstream-500").GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.OK, keyId), (other.Status, other.ProviderKey));

        // After the model's cooldown its probe goes through again (and fails again).
        fixture.Clock.Advance(Grains.Health.ProviderHealthState.OpenCooldown);
        Assert.Equal(HttpStatusCode.InternalServerError, (await tenant.ChatAsync("upstream-500")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await tenant.ChatAsync("upstream-500")).Status);
    }

    [Fact]
    public async Task RefusedProviderKey_IsLoggedOnceWithItsIdAndTheUpstreamsCode_NeverTheKey_AndTheClientIsToldTheCause()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var secret = "sk-refused-" + Guid.NewGuid().ToString("N");
        var (_, badId) = await tenant.AddUpstreamAsync(UpstreamFault.Unauthorized, apiKey: secret);

        var answers = new List<RoutingTenant.Answer>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await tenant.ChatAsync());
        }

        var lines = fixture.Gateway.Logs.Messages.Where(m => m.Contains("[2120]", StringComparison.Ordinal) && m.Contains(badId, StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("invalid_api_key", line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Gateway.Logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));

        // The client is told that the router's provider key was refused (not that its own key is wrong), then that none is left.
        Assert.Equal(HttpStatusCode.BadGateway, answers[0].Status);
        var error = JsonDocument.Parse(answers[0].Body).RootElement.GetProperty("error");
        Assert.Equal("provider_key_misconfigured", error.GetProperty("code").GetString());
        Assert.Contains(badId, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("invalid_api_key", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(answers.Skip(1), a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
    }
    [Fact]
    public async Task AnUpstream403ForOneModel_OnlyClosesThatModel_NotTheWholeKey()
    {
        // OpenAI answers 403 model_not_found when the key's project may not use a model: the caller chose the model,
        // so the key's other models (and the tenant's other callers) must stay served.
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, keyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["upstream-403-model", "gpt-4o"]);

        var refused = await tenant.ChatAsync("upstream-403-model");
        var health = await tenant.HealthAsync(keyId);
        var other = await tenant.ChatAsync("gpt-4o");

        Assert.Equal(HttpStatusCode.BadGateway, refused.Status);
        Assert.DoesNotContain("provider_key_misconfigured", refused.Body, StringComparison.Ordinal);
        Assert.Equal("healthy", health.GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.OK, keyId), (other.Status, other.ProviderKey));
        Assert.DoesNotContain(fixture.Gateway.Logs.Messages, m => m.Contains("[2120]", StringComparison.Ordinal) && m.Contains(keyId, StringComparison.Ordinal));
    }
}
