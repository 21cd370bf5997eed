using System.ClientModel;
using System.Net.Http.Headers;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Issue 15, defects 1, 2 and 9 (headers): an upstream receives only the headers its provider kind needs, its own
/// <c>Host</c>, and the account headers of the provider key's settings; an upstream cannot add or double the
/// router's own answer headers.
/// </summary>
[Collection(ForwardingCollection.Name)]
public sealed class HeaderHygieneTests(ForwardingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    /// <summary>Everything an upstream of an OpenAI kind may see; anything else came from the caller.</summary>
    private static readonly HashSet<string> OpenAIAllowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Accept", "Accept-Encoding", "User-Agent", "Authorization", "OpenAI-Beta",
        "OpenAI-Organization", "OpenAI-Project", "traceparent", "tracestate",
    };

    private HttpClient NewClient() => new() { BaseAddress = fixture.GatewayAddress };

    private OpenAIClient SdkClient(string? organization, string? project) => new(new ApiKeyCredential(fixture.Tenant.Key), new OpenAIClientOptions
    {
        Endpoint = new Uri(fixture.GatewayAddress, "/v1"),
        OrganizationId = organization,
        ProjectId = project,
    });

    /// <summary>A chat request carrying every kind of header a client, a browser or a proxy in front of the router adds.</summary>
    private HttpRequestMessage NoisyRequest(string model, string path = "/v1/chat/completions")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent($$"""{"model":"{{model}}","max_tokens":16,"messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        request.Headers.Host = "caller-chosen.example";
        request.Headers.Add("OpenAI-Organization", "org-of-the-caller");
        request.Headers.Add("OpenAI-Project", "proj_of_the_caller");
        request.Headers.Add("OpenAI-Beta", "assistants=v2");
        request.Headers.Add("anthropic-beta", "tools-2024-04-04");
        request.Headers.Add("x-request-id", "caller-request-id");
        request.Headers.Add("X-Foo", "bar");
        request.Headers.Add("x-stainless-os", "Linux");
        request.Headers.Add("Cookie", "session=abc");
        request.Headers.Add("X-Forwarded-Host", "internal.example");
        request.Headers.Add("Forwarded", "for=203.0.113.9");
        request.Headers.Add("traceparent", $"00-{CallerTraceId}-00f067aa0ba902b7-01");
        request.Headers.Add("baggage", "user.secret=42");
        request.Headers.Add("Idempotency-Key", "idem-1");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        request.Headers.UserAgent.ParseAdd("caller-agent/1.0");
        return request;
    }

    private async Task<(HttpResponseMessage Response, RecordedRequest Received)> SendNoisyAsync(string model, string path = "/v1/chat/completions")
    {
        using var client = NewClient();
        using var request = NoisyRequest(model, path);
        var before = fixture.Upstream.Requests.Count;
        var response = await client.SendAsync(request, Cancellation);
        // The OpenAI fake has no Messages API (404): only what it received matters for an anthropic key.
        Assert.True(response.StatusCode == HttpStatusCode.OK || path == "/v1/messages", await response.Content.ReadAsStringAsync(Cancellation));
        return (response, fixture.Upstream.Requests.Skip(before).Single());
    }

    [Fact]
    public async Task OpenAIUpstream_GetsOnlyAllowListedHeaders_AndItsOwnHost()
    {
        var (response, received) = await SendNoisyAsync("gpt-4o");
        response.Dispose();

        Assert.Equal(new Uri(fixture.Upstream.BaseUrl).Authority, received.Headers["Host"]);
        Assert.DoesNotContain(received.Headers.Keys, name => !OpenAIAllowed.Contains(name));
        Assert.False(received.Headers.ContainsKey("OpenAI-Organization"));
        Assert.False(received.Headers.ContainsKey("OpenAI-Project"));
        Assert.Equal("assistants=v2", received.Headers["OpenAI-Beta"]);
        Assert.Equal("application/json; charset=utf-8", received.Headers["Content-Type"]);
        Assert.Equal("Bearer " + ForwardingFixture.ProviderKey, received.Headers["Authorization"]);

        // The answer is read by the router's usage scanner, so it must come uncompressed whatever the caller accepts.
        Assert.Equal("identity", received.Headers["Accept-Encoding"]);
        Assert.StartsWith("XaiRouter/", received.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceContext_IsTheRoutersOwn_InTheCallersTrace()
    {
        var (response, received) = await SendNoisyAsync("gpt-4o");
        response.Dispose();

        // The router's request activity continues the caller's trace under a span of its own; baggage (the caller's
        // free-form data) is never sent on.
        var traceparent = received.Headers["traceparent"];
        Assert.Matches($"^00-{CallerTraceId}-[0-9a-f]{{16}}-0[01]$", traceparent);
        Assert.DoesNotContain("00f067aa0ba902b7", traceparent, StringComparison.Ordinal);
        Assert.False(received.Headers.ContainsKey("baggage"));
    }

    [Fact]
    public async Task AnthropicUpstream_GetsItsVersionAndBetaHeaders_NotOpenAIs()
    {
        // Natively, on Anthropic's own route (an OpenAI client's request would be translated for this key).
        var (response, received) = await SendNoisyAsync(ForwardingFixture.AnthropicModel, "/v1/messages");
        response.Dispose();

        Assert.Equal(ForwardingFixture.ProviderKey, received.Headers["x-api-key"]);
        Assert.Equal(UpstreamTransformer.AnthropicVersion, received.Headers["anthropic-version"]);
        Assert.Equal("tools-2024-04-04", received.Headers["anthropic-beta"]);
        foreach (var header in new[] { "Authorization", "OpenAI-Beta", "OpenAI-Organization", "OpenAI-Project", "X-Foo", "x-request-id" })
        {
            Assert.False(received.Headers.ContainsKey(header), header + " reached the anthropic upstream");
        }
    }

    [Fact]
    public async Task OpenAISdk_WithOrganizationAndProject_UpstreamSeesTheProviderKeysOwnAccount()
    {
        var before = fixture.Upstream.Requests.Count;

        ChatCompletion completion = await SdkClient("org-of-the-caller", "proj_of_the_caller").GetChatClient(ForwardingFixture.AccountModel)
            .CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);

        Assert.Equal("hello from upstream", completion.Content[0].Text);
        var received = fixture.Upstream.Requests.Skip(before).Single().Headers;
        Assert.Equal(ForwardingFixture.KeyOrganization, received["OpenAI-Organization"]);
        Assert.Equal(ForwardingFixture.KeyProject, received["OpenAI-Project"]);
    }

    /// <summary>Defect 1 end to end: the provider refuses any organization header this key was not made for.</summary>
    [Fact]
    public async Task OpenAISdk_WithAnOrganization_IsServed_AndTheKeyStaysHealthy()
    {
        var chat = SdkClient("org-of-the-caller", "proj_of_the_caller").GetChatClient(FakeUpstream.OrganizationCheckedModel);

        for (var i = 0; i < 3; i++)
        {
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Cancellation);
            Assert.Equal("hello from upstream", completion.Content[0].Text);
        }

        var key = await fixture.Tenant.Client.GetFromJsonAsync<JsonElement>($"/x/provider-keys/{fixture.OrganizationCheckedKeyId}", Cancellation);
        Assert.Equal("healthy", key.GetProperty("health").GetProperty("state").GetString());
        Assert.Equal(0, key.GetProperty("health").GetProperty("consecutive_failures").GetInt32());
    }

    [Fact]
    public async Task UpstreamAnswer_CannotAddOrDoubleTheRoutersHeaders()
    {
        var (response, received) = await SendNoisyAsync(FakeUpstream.RouterHeadersModel);
        using (response)
        {
            var requestId = Assert.Single(response.Headers.GetValues("x-request-id"));
            Assert.StartsWith("req_", requestId, StringComparison.Ordinal);
            Assert.Equal("upstream-req-1", Assert.Single(response.Headers.GetValues("x-upstream-request-id")));
            Assert.Equal(fixture.RouterHeadersKeyId, Assert.Single(response.Headers.GetValues("x-xai-provider-key")));
            Assert.Equal("1", Assert.Single(response.Headers.GetValues("x-xai-attempts")));
            Assert.Equal(ForwardingFixture.RouterHeadersRpm.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Assert.Single(response.Headers.GetValues("x-ratelimit-limit-requests")));
            Assert.NotEqual("999998", Assert.Single(response.Headers.GetValues("x-ratelimit-remaining-requests")));
            Assert.NotEqual("1ms", Assert.Single(response.Headers.GetValues("x-ratelimit-reset-requests")));
            Assert.False(response.Headers.Contains("x-ratelimit-limit-tokens"), "the router limits no tokens here: the header is the upstream's");
            Assert.False(response.Headers.Contains("x-budget-warning"));
        }

        Assert.False(received.Headers.ContainsKey("x-request-id"), "the caller's request id reached the upstream");
    }

    [Fact]
    public async Task UpstreamAnswer_OfAnUnlimitedRequest_CarriesNoUpstreamRateLimitHeaders()
    {
        var (response, _) = await SendNoisyAsync(ForwardingFixture.UnlimitedRouterHeadersModel);
        using (response)
        {
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(fixture.ProviderKeyId, Assert.Single(response.Headers.GetValues("x-xai-provider-key")));
            Assert.Equal("upstream-req-1", Assert.Single(response.Headers.GetValues("x-upstream-request-id")));
            Assert.Single(response.Headers.GetValues("x-request-id"));
        }
    }
    [Fact]
    public async Task TheCallersQueryString_ReachesTheUpstreamByAllowListToo()
    {
        // Google's APIs read credentials from the query (?access_token=, ?key=): a caller's could get the tenant's key
        // refused (401) and taken out of routing. Only Azure OpenAI's api-version, which SDKs send as a query, goes on.
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions?access_token=caller-token&api-version=2024-10-21&key=caller-key")
        {
            Content = new StringContent("""{"model":"gpt-4o","messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Tenant.Key);
        var before = fixture.Upstream.Requests.Count;
        using var response = await client.SendAsync(request, Cancellation);
        var received = fixture.Upstream.Requests.Skip(before).Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("/chat/completions?api-version=2024-10-21", received.PathAndQuery, StringComparison.Ordinal);
    }
}
