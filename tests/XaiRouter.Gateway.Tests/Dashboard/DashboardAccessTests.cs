using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Security;
using static XaiRouter.Gateway.Dashboard.Tests.DashboardClients;

namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary>
/// The dashboard on a real Gateway with <c>Dashboard:Enabled</c>: only the operator gets in, by bearer token or by the
/// sign-in cookie, and the cookie is short-lived, scoped to the dashboard and useless once forged, expired or signed
/// under another token. Each test speaks from its own client address, so failure budgets do not mix.
/// </summary>
public sealed class DashboardAccessTests(DashboardGateway gateway) : IClassFixture<DashboardGateway>
{
    private const int FailureBurst = DashboardGateway.FailureBurst;

    private readonly GatewayFactory _factory = gateway.Factory;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutCredentials_PageAndDataApi_Answer401()
    {
        using var client = Bare(_factory, "192.0.2.1");
        foreach (var path in new[] { Root + "/", Root + "/index.html", Root + "/index.min.js", Root + "/DashboardCounters", Root + "/ClusterStats", Root + "/GrainTypes" })
        {
            using var answer = await client.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        // A browser asking for the page is shown the sign-in form, still with a 401.
        using var request = new HttpRequestMessage(HttpMethod.Get, Root + "/");
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("action=\"/admin/dashboard/sign-in\"", await page.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task SignInForm_IsSelfContained_UnderAStrictPolicy()
    {
        using var client = Bare(_factory, "192.0.2.2");
        using var form = await client.GetAsync(Root + "/sign-in", Cancellation);
        var html = await form.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"token\"", html);
        Assert.Contains("type=\"password\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal));
        var policy = form.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    [Fact]
    public async Task SignIn_WrongToken_Answers401_AndSetsNoCookie()
    {
        using var client = Bare(_factory, "192.0.2.3");
        using var answer = await SignInAsync(client, GatewayFactory.ConfiguredToken + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Set-Cookie"));
        Assert.Contains("not the operator token", await answer.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task SignIn_RightToken_SetsAShortLivedScopedCookie_ThenPageAndDataAnswer200()
    {
        using var client = Bare(_factory, "192.0.2.4");
        using var answer = await SignInAsync(client, _factory.OperatorToken);

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal("/admin/dashboard/", answer.Headers.Location?.OriginalString);
        var setCookie = answer.Headers.GetValues("Set-Cookie").Single();
        var parts = setCookie.Split("; ");
        Assert.StartsWith(DashboardSessions.CookieName + "=", parts[0]);
        Assert.DoesNotContain(_factory.OperatorToken, setCookie);
        Assert.Equal(["httponly", "max-age=1800", "path=/admin/dashboard", "samesite=strict"], parts[1..].Select(p => p.ToLowerInvariant()).Order());

        var cookie = parts[0];
        using var page = await GetWithCookieAsync(client, Root + "/", cookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(Cancellation));
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        foreach (var path in new[] { "/index.min.js", "/index.css", "/DashboardCounters", "/ClusterStats", "/GrainTypes", "/TopGrainMethods" })
        {
            using var data = await GetWithCookieAsync(client, Root + path, cookie);
            Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        }
    }

    [Fact]
    public async Task SignIn_OverHttps_MarksTheCookieSecure()
    {
        using var client = Bare(_factory, "192.0.2.5", https: true);
        using var answer = await SignInAsync(client, _factory.OperatorToken);

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Contains("secure", answer.Headers.GetValues("Set-Cookie").Single().Split("; ").Select(p => p.ToLowerInvariant()));
    }

    [Fact]
    public async Task BearerOperatorToken_OpensPageAndData()
    {
        using var client = Bare(_factory, "192.0.2.6");
        client.DefaultRequestHeaders.Authorization = new("Bearer", _factory.OperatorToken);

        using var page = await client.GetAsync(Root + "/", Cancellation);
        using var counters = await client.GetAsync(Root + "/DashboardCounters", Cancellation);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Equal("application/json", counters.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ExpiredForgedOrForeignCookie_Answers401()
    {
        using var client = Bare(_factory, "192.0.2.7");
        var valid = (await SessionCookieAsync(_factory, client)).Split('=', 2)[1];
        var options = _factory.Services.GetRequiredService<IOptions<DashboardOptions>>();
        var verifier = _factory.Services.GetRequiredService<OperatorTokenVerifier>();

        // Signed under this token, but issued 31 minutes ago: expired a minute ago.
        var past = new DashboardSessions(verifier, options, new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-31))).Issue();

        // Signed under this token, claiming to live a day: longer than any session issued here.
        var farFuture = new DashboardSessions(verifier, options, new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(1))).Issue();

        // Signed under another operator token (a rotated one, or another cluster's).
        var foreign = new DashboardSessions(OperatorTokenVerifier.ForToken("another-operator-token-0123456789"u8), options, TimeProvider.System).Issue();

        var expiry = valid.Split('.')[0];
        var mac = valid.Split('.')[1];
        var tampered = expiry + "." + (mac[0] == 'A' ? 'B' : 'A') + mac[1..];
        var extended = (long.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture) + 60) + "." + mac;
        foreach (var value in new[] { past, farFuture, foreign, tampered, extended, mac, expiry, "", _factory.OperatorToken })
        {
            using var answer = await GetWithCookieAsync(client, Root + "/DashboardCounters", DashboardSessions.CookieName + "=" + value);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        // Positive control: the genuine cookie, and one issued by another node holding the same token, are accepted.
        var sameToken = new DashboardSessions(OperatorTokenVerifier.ForToken(Encoding.UTF8.GetBytes(_factory.OperatorToken)), options, TimeProvider.System).Issue();
        foreach (var value in new[] { valid, sameToken })
        {
            using var answer = await GetWithCookieAsync(client, Root + "/DashboardCounters", DashboardSessions.CookieName + "=" + value);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    [Fact]
    public async Task TokenInTheQueryString_IsNotAccepted()
    {
        using var client = Bare(_factory, "192.0.2.8");
        var token = Uri.EscapeDataString(_factory.OperatorToken);
        foreach (var path in new[] { $"{Root}/?token={token}", $"{Root}/DashboardCounters?token={token}", $"{Root}/DashboardCounters?access_token={token}" })
        {
            using var answer = await client.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        using var empty = new FormUrlEncodedContent([]);
        using var signIn = await client.PostAsync($"{Root}/sign-in?token={token}", empty, Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignInFailures_AreThrottledPerClient_AndAnotherClientIsNot()
    {
        using var guesser = Bare(_factory, "192.0.2.9");
        for (var i = 0; i < FailureBurst; i++)
        {
            using var wrong = await SignInAsync(guesser, $"wrong-guess-{i}-0123456789abcdef");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Out of failures: even the right token waits, so guesses cannot continue at full speed.
        using var throttled = await SignInAsync(guesser, _factory.OperatorToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.False(throttled.Headers.Contains("Set-Cookie"));

        using var other = Bare(_factory, "192.0.2.10");
        using var accepted = await SignInAsync(other, _factory.OperatorToken);
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
    }

    [Theory]
    [InlineData("SiloProperties")]
    [InlineData("SiloCounters")]
    [InlineData("SiloMetadata")]
    [InlineData("SiloStats")]
    [InlineData("HistoricalStats")]
    public async Task MalformedSiloAddress_Is400(string page)
    {
        using var client = Bare(_factory, "192.0.2.12");
        client.DefaultRequestHeaders.Authorization = new("Bearer", _factory.OperatorToken);

        using var answer = await client.GetAsync($"{Root}/{page}/not-a-silo", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GrainStateViewer_IsRefused()
    {
        using var client = Bare(_factory, "192.0.2.11");
        client.DefaultRequestHeaders.Authorization = new("Bearer", _factory.OperatorToken);

        foreach (var route in new[] { "GrainState", "grainstate", "GrainState/" })
        {
            using var answer = await client.GetAsync($"{Root}/{route}?grainId=x&grainType=XaiRouter.Grains.Tenants.TenantGrain", Cancellation);

            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains("key material", await answer.Content.ReadAsStringAsync(Cancellation));
        }
    }
}
