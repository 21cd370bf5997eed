using System.Text;

namespace XaiRouter.Gateway.Tenants.Tests;

/// <summary>Operator-blind onboarding: the operator gets a single-use claim token, never a key; the tenant claims its root key.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ClaimTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateTenant_OperatorAnswer_HoldsAClaimTokenAndNoKey()
    {
        using var operatorClient = factory.CreateOperatorClient();

        using var response = await operatorClient.PostAsJsonAsync("/admin/tenants", new { name = "blind" }, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        var body = JsonDocument.Parse(text).RootElement;
        var id = body.GetProperty("id").GetString()!;
        var listed = await operatorClient.GetFromJsonAsync<JsonElement>($"/admin/tenants/{id}", Cancellation);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(body.TryGetProperty("key", out _));
        Assert.DoesNotContain("sk-Xvs", text, StringComparison.Ordinal);
        Assert.Matches($"^xct-{id}-[0-9A-Za-z]{{43}}$", body.GetProperty("claim_token").GetString());
        var lifetime = body.GetProperty("claim_expires_at").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(lifetime, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));
        Assert.False(body.GetProperty("claimed").GetBoolean());
        Assert.False(listed.GetProperty("claimed").GetBoolean());
        Assert.False(listed.TryGetProperty("claim_token", out _));
    }

    [Fact]
    public async Task Claim_ValidToken_GivesAWorkingRootKeyOnce()
    {
        var (id, claimToken) = await TenantSession.CreateUnclaimedAsync(factory, "claimer");
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var key = body.GetProperty("key").GetString()!;
        using var tenant = TenantSession.FromKey(factory, id, key);
        var providerKeyId = (await tenant.CreateProviderKeyAsync("sk-claimed-root-works-0001")).GetProperty("id").GetString()!;
        using var operatorClient = factory.CreateOperatorClient();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("sk-Xvs", key, StringComparison.Ordinal);
        Assert.Equal(id, body.GetProperty("tenant_id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.GetAsync("/v1/models", Cancellation)).StatusCode);
        Assert.Equal("sk-claimed-root-works-0001", await VaultProbe.DecryptAsync(factory, tenant, providerKeyId));
        Assert.True((await operatorClient.GetFromJsonAsync<JsonElement>($"/admin/tenants/{id}", Cancellation)).GetProperty("claimed").GetBoolean());
    }

    [Fact]
    public async Task Claim_SecondTime_Returns409SayingTheTokenWasUsed()
    {
        var (_, claimToken) = await TenantSession.CreateUnclaimedAsync(factory, "twice");
        using var anonymous = factory.CreateClient();
        await TenantSession.ClaimAsync(anonymous, claimToken);

        using var again = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Contains("already used", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("intercepted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_DisabledTenant_IsRefusedAndTheTokenStaysUnspent()
    {
        // The operator disables a tenant whose token may have leaked: nobody may turn that token into a root key.
        var (id, claimToken) = await TenantSession.CreateUnclaimedAsync(factory, "disabled before its claim");
        using var operatorClient = factory.CreateOperatorClient();
        using var disable = await operatorClient.PostAsync($"/admin/tenants/{id}/disable", null, Cancellation);
        using var anonymous = factory.CreateClient();

        using var refused = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation);
        var afterRefusal = await operatorClient.GetFromJsonAsync<JsonElement>($"/admin/tenants/{id}", Cancellation);
        using var enable = await operatorClient.PostAsync($"/admin/tenants/{id}/enable", null, Cancellation);
        using var claimed = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.False(afterRefusal.GetProperty("claimed").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, claimed.StatusCode);
    }

    [Fact]
    public async Task Claim_ConcurrentClaimsOfOneToken_ExactlyOneWins()
    {
        var (id, claimToken) = await TenantSession.CreateUnclaimedAsync(factory, "race");
        using var anonymous = factory.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => anonymous.PostAsJsonAsync("/x/claim", new { claim_token = claimToken }, Cancellation)));
        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        using var tenant = TenantSession.FromKey(factory, id, (await winner.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!);

        Assert.All(answers.Where(a => a != winner), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.GetAsync("/x/provider-keys", Cancellation)).StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Theory]
    [InlineData("wrong secret")]
    [InlineData("malformed")]
    [InlineData("other tenant")]
    public async Task Claim_WrongToken_Returns401ProblemDetails(string shape)
    {
        var (id, claimToken) = await TenantSession.CreateUnclaimedAsync(factory, "wrong");
        var (otherId, _) = await TenantSession.CreateUnclaimedAsync(factory, "other");
        var presented = shape switch
        {
            "wrong secret" => claimToken[..^1] + (claimToken[^1] == 'A' ? 'B' : 'A'),
            "malformed" => "xct-" + id,
            _ => claimToken.Replace(id, otherId, StringComparison.Ordinal),
        };
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = presented }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("claim token", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await TenantSession.ClaimAsync(anonymous, claimToken);
    }

    [Theory]
    [InlineData("""{}""", "claim_token")]
    [InlineData("""nope""", "not valid JSON")]
    public async Task Claim_BadBody_Returns400(string body, string expected)
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.PostAsync("/x/claim", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/x/claim", "claim_token")]
    [InlineData("/x/session", "passphrase")]
    public async Task UnauthenticatedRoute_MegabyteBody_Returns413BeforeReadingIt(string route, string field)
    {
        // Anyone may call these routes; a body of megabytes must not be read (and held twice over as a string) first.
        using var anonymous = factory.CreateClient();
        var huge = $$"""{"tenant": "AAAAAAAAAAAAAAAAAAAAAA", "{{field}}": "{{new string('x', 1024 * 1024)}}"}""";

        using var response = await anonymous.PostAsync(route, new StringContent(huge, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ReissueClaimToken_Unclaimed_OldTokenStopsWorkingNewOneClaims()
    {
        var (id, oldToken) = await TenantSession.CreateUnclaimedAsync(factory, "lost token");
        using var operatorClient = factory.CreateOperatorClient();
        using var anonymous = factory.CreateClient();

        using var reissued = await operatorClient.PostAsync($"/admin/tenants/{id}/claim-token", null, Cancellation);
        var body = await reissued.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var newToken = body.GetProperty("claim_token").GetString()!;
        using var old = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = oldToken }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, reissued.StatusCode);
        Assert.False(body.TryGetProperty("key", out _));
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.StartsWith("sk-Xvs", await TenantSession.ClaimAsync(anonymous, newToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_TenantClaimedMeanwhileWithAReissuedToken_OriginalTokenSays409NotJustInvalid()
    {
        // An operator (or whoever got the re-issued token) re-issues the token and claims first: the tenant's own token
        // must say "claimed already", as for an intercepted token, not look like a typo.
        var (id, tenantsToken) = await TenantSession.CreateUnclaimedAsync(factory, "claimed behind its back");
        using var operatorClient = factory.CreateOperatorClient();
        using var reissued = await operatorClient.PostAsync($"/admin/tenants/{id}/claim-token", null, Cancellation);
        var operatorsToken = (await reissued.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("claim_token").GetString()!;
        using var anonymous = factory.CreateClient();
        await TenantSession.ClaimAsync(anonymous, operatorsToken);

        using var response = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = tenantsToken }, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ReissueClaimToken_OnceClaimedOrUnknown_Returns409Or404()
    {
        using var tenant = await TenantSession.CreateAsync(factory, "claimed");
        using var operatorClient = factory.CreateOperatorClient();

        using var claimed = await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/claim-token", null, Cancellation);
        using var unknown = await operatorClient.PostAsync("/admin/tenants/AAAAAAAAAAAAAAAAAAAAAA/claim-token", null, Cancellation);
        using var withoutToken = await factory.CreateClient().PostAsync($"/admin/tenants/{tenant.Id}/claim-token", null, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, claimed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
    }

    [Fact]
    public async Task UnclaimedTenant_HasNoKeyYet_EveryPathCopes()
    {
        var (id, claimToken) = await TenantSession.CreateUnclaimedAsync(factory, "unclaimed");
        using var operatorClient = factory.CreateOperatorClient();
        using var anonymous = factory.CreateClient();

        using var session = await anonymous.PostAsJsonAsync("/x/session", new { tenant = id, passphrase = "correct horse battery staple" }, Cancellation);
        using var disabled = await operatorClient.PostAsync($"/admin/tenants/{id}/disable", null, Cancellation);
        using var enabled = await operatorClient.PostAsync($"/admin/tenants/{id}/enable", null, Cancellation);
        var list = await operatorClient.GetStringAsync("/admin/tenants", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Contains(id, list, StringComparison.Ordinal);
        await TenantSession.ClaimAsync(anonymous, claimToken);
    }
}
