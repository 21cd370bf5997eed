namespace XaiRouter.Gateway.Tenants.Tests;

/// <summary>A claim token works for <c>Tenants:ClaimTokenLifetime</c> (7 days by default), and bad claims are throttled per address.</summary>
[Collection(OnboardingCollection.Name)]
public sealed class ClaimExpiryTests(OnboardingFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Claim_AfterTheLifetime_Returns410UntilTheOperatorReissues()
    {
        var (id, claimToken) = await TenantSession.CreateUnclaimedAsync(fixture.Gateway, "late");
        using var client = fixture.ClientFrom("198.51.100.1");
        fixture.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        using var expired = await client.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation);
        using var operatorClient = fixture.Gateway.CreateOperatorClient();
        using var reissued = await operatorClient.PostAsync($"/admin/tenants/{id}/claim-token", null, Cancellation);
        var newToken = (await reissued.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("claim_token").GetString()!;

        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", (await expired.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("sk-Xvs", await TenantSession.ClaimAsync(client, newToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_JustBeforeTheLifetimeEnds_Succeeds()
    {
        var (_, claimToken) = await TenantSession.CreateUnclaimedAsync(fixture.Gateway, "in time");
        using var client = fixture.ClientFrom("198.51.100.2");
        fixture.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        Assert.StartsWith("sk-Xvs", await TenantSession.ClaimAsync(client, claimToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_WrongTokens_AfterTheBurstGet429()
    {
        var (_, claimToken) = await TenantSession.CreateUnclaimedAsync(fixture.Gateway, "guessed");
        using var guesser = fixture.ClientFrom("198.51.100.3");
        using var owner = fixture.ClientFrom("198.51.100.4");
        var wrong = claimToken[..^1] + (claimToken[^1] == 'A' ? 'B' : 'A');

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= OnboardingFixture.Burst; i++)
        {
            using var response = await guesser.PostAsJsonAsync("/x/claim", new { claim_token = wrong }, Cancellation);
            statuses.Add(response.StatusCode);
        }

        using var rightTokenFromTheGuesser = await guesser.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, OnboardingFixture.Burst), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightTokenFromTheGuesser.StatusCode);
        Assert.StartsWith("sk-Xvs", await TenantSession.ClaimAsync(owner, claimToken), StringComparison.Ordinal);
    }
}
