namespace XaiRouter.Gateway.Tenants.Tests;

/// <summary>
/// Passphrase logins reserve their failure before the Argon2id work, per address and per tenant, and an attacker
/// cannot lock the owner out of a clean address.
/// </summary>
[Collection(OnboardingCollection.Name)]
public sealed class SessionThrottleTests(OnboardingFixture fixture)
{
    private const string Passphrase = "correct horse battery staple";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Session_32ConcurrentWrongPassphrasesFromOneAddress_AtMostTheBurstGet401()
    {
        using var tenant = await CreateTenantWithPassphraseAsync();
        using var attacker = fixture.ClientFrom("203.0.113.10");

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            attacker.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase = $"wrong guess number {i}" }, Cancellation)));
        var statuses = answers.Select(a => a.StatusCode).ToList();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 1, OnboardingFixture.Burst);
        // 503: an admitted guess that found both Argon2id hashers busy for 2 s (a loaded machine) is given its failure back.
        Assert.Equal(32, statuses.Count(s => s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task Session_TenantBudgetExhaustedByAttackers_OwnerFromACleanAddressStillOpensOne()
    {
        using var tenant = await CreateTenantWithPassphraseAsync();

        // Two attacker addresses spend their own allowance and then the tenant's shared budget.
        var attackers = new List<HttpStatusCode>();
        foreach (var address in new[] { "203.0.113.21", "203.0.113.22" })
        {
            using var attacker = fixture.ClientFrom(address);
            for (var i = 0; i < OnboardingFixture.Burst + 1; i++)
            {
                attackers.Add(await TryAsync(attacker, tenant.Id, "a wrong guess " + i));
            }
        }

        // A third attacker address gets its first guess only: the tenant budget is spent.
        using var third = fixture.ClientFrom("203.0.113.23");
        var thirdFirst = await TryAsync(third, tenant.Id, "another wrong guess");
        var thirdSecond = await TryAsync(third, tenant.Id, "yet another wrong guess");
        using var owner = fixture.ClientFrom("192.0.2.50");
        var ownerFromCleanAddress = await TryAsync(owner, tenant.Id, Passphrase);

        // Burst 3: the first address fails 3 times (1 on its own allowance, 2 on the tenant's budget of 3) and is then
        // refused; the second fails once on its own allowance and once on the tenant's last failure.
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests,
             HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            attackers);
        Assert.Equal(HttpStatusCode.Unauthorized, thirdFirst);
        Assert.Equal(HttpStatusCode.TooManyRequests, thirdSecond);
        Assert.Equal(HttpStatusCode.Created, ownerFromCleanAddress);
    }

    [Fact]
    public async Task Session_GuessesFromEveryAddressOfOneIpv6Slash64_ShareOneBudget()
    {
        using var tenant = await CreateTenantWithPassphraseAsync();

        // One host is routinely given a whole /64: a fresh address per guess must not mean a fresh budget.
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= OnboardingFixture.Burst + 4; i++)
        {
            using var attacker = fixture.ClientFrom($"2001:db8:64:64::{i:x}");
            statuses.Add(await TryAsync(attacker, tenant.Id, "a wrong guess " + i));
        }

        using var mapped = fixture.ClientFrom("::ffff:198.51.100.7");
        using var plain = fixture.ClientFrom("198.51.100.7");
        var mappedStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < OnboardingFixture.Burst + 1; i++)
        {
            mappedStatuses.Add(await TryAsync(i % 2 == 0 ? mapped : plain, tenant.Id, "a mapped wrong guess " + i));
        }

        Assert.Equal(OnboardingFixture.Burst, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.All(statuses.Skip(OnboardingFixture.Burst), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, mappedStatuses[^1]);
    }

    [Fact]
    public async Task Session_RightPassphrase_CostsNoFailure()
    {
        using var tenant = await CreateTenantWithPassphraseAsync();
        using var owner = fixture.ClientFrom("192.0.2.60");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < OnboardingFixture.Burst + 2; i++)
        {
            statuses.Add(await TryAsync(owner, tenant.Id, Passphrase));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
    }

    private async Task<TenantSession> CreateTenantWithPassphraseAsync()
    {
        var tenant = await TenantSession.CreateAsync(fixture.Gateway, "throttled");
        using var set = await tenant.Client.PostAsJsonAsync("/x/passphrase", new { passphrase = Passphrase }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, set.StatusCode);
        return tenant;
    }

    private static async Task<HttpStatusCode> TryAsync(HttpClient client, string tenantId, string passphrase)
    {
        using var response = await client.PostAsJsonAsync("/x/session", new { tenant = tenantId, passphrase }, Cancellation);
        return response.StatusCode;
    }
}
