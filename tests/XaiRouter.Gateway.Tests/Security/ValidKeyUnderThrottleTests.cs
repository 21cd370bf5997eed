using System.Net.Http.Headers;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// The failure throttle counts failing attempts only: a valid key is served from an address that used up its failures
/// (behind a NAT one misconfigured client must not lock everyone out); a failing one from there gets the router's
/// ordinary limit 429 (<c>rate_limit_exceeded</c>).
/// </summary>
public sealed class ValidKeyUnderThrottleTests : IAsyncLifetime
{
    private const int Burst = 20;

    private readonly GatewayFactory _factory = new() { Settings = { ["Auth:FailureBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Auth:FailuresPerMinute"] = "1" } };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValidKey_FromAnAddressPastTheFailureLimit_IsServed()
    {
        using var tenant = await TenantSession.CreateAsync(_factory);
        const string nat = "203.0.113.20";
        await SpendFailuresAsync(nat, tenant);
        using var stillBad = await SendAsync(nat, "/v1/models", WrongSecret(tenant));

        using var models = await SendAsync(nat, "/v1/models", tenant.Key);
        using var keys = await SendAsync(nat, "/x/keys", tenant.Key);
        using var messages = await SendAsync(nat, "/v1/messages", tenant.Key, anthropic: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, stillBad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, messages.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, messages.StatusCode);
    }

    [Fact]
    public async Task BadKey_FromAThrottledAddress_Gets429RateLimitExceeded()
    {
        using var tenant = await TenantSession.CreateAsync(_factory);
        const string guesser = "203.0.113.21";
        await SpendFailuresAsync(guesser, tenant);

        using var unknownId = await SendAsync(guesser, "/v1/models", Vault.AccessKeyFormat.Format(Vault.RandomIds.NewKeyId(), new byte[32]));
        using var malformed = await SendAsync(guesser, "/v1/chat/completions", "sk-Xvs-not-a-key");
        var body = await unknownId.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        using var elsewhere = await SendAsync("203.0.113.22", "/v1/models", WrongSecret(tenant));

        Assert.Equal(HttpStatusCode.TooManyRequests, unknownId.StatusCode);
        Assert.Equal("rate_limit_exceeded", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", body.GetProperty("error").GetProperty("code").GetString());
        Assert.True(unknownId.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.TooManyRequests, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Passphrase_FromAnAddressPastTheAccessKeyFailureLimit_StillOpensASession()
    {
        using var tenant = await TenantSession.CreateAsync(_factory);
        using (var set = await tenant.Client.PostAsJsonAsync("/x/passphrase", new { passphrase = KeysTestHelpers.Passphrase }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, set.StatusCode);
        }

        const string nat = "203.0.113.23";
        await SpendFailuresAsync(nat, tenant);
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/x/session") { Content = JsonContent.Create(new { tenant = tenant.Id, passphrase = KeysTestHelpers.Passphrase }) };
        request.Headers.Add(TestPeerStartupFilter.Header, nat);

        using var session = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
    }

    /// <summary>More bad keys than the burst allows, of every kind: wrong secret, unknown id, malformed.</summary>
    private async Task SpendFailuresAsync(string peer, TenantSession tenant)
    {
        for (var i = 0; i < Burst + 5; i++)
        {
            var key = (i % 3) switch
            {
                0 => WrongSecret(tenant),
                1 => Vault.AccessKeyFormat.Format(Vault.RandomIds.NewKeyId(), new byte[32]),
                _ => "sk-Xvs-garbage",
            };
            using var response = await SendAsync(peer, "/v1/models", key);
            Assert.Equal(i < Burst ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    private static string WrongSecret(TenantSession tenant) => Vault.AccessKeyFormat.Format(tenant.Key.Substring(6, 17), new byte[32]);

    private async Task<HttpResponseMessage> SendAsync(string peer, string path, string key, bool anthropic = false)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(anthropic ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Add(TestPeerStartupFilter.Header, peer);
        if (anthropic)
        {
            request.Headers.Add("x-api-key", key);
            request.Content = JsonContent.Create(new { model = "m" });
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await client.SendAsync(request, Cancellation);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
