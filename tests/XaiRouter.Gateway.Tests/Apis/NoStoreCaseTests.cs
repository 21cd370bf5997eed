namespace XaiRouter.Gateway.Apis.Tests;

/// <summary>
/// Issue 18 review (adv18): routing matches paths whatever their case, so <c>/X/keys</c> is <c>/x/keys</c> and
/// <c>/ADMIN/tenants</c> is <c>/admin/tenants</c>; their answers hold the same keys and figures and are not stored
/// either.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NoStoreCaseTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManagementAndOperatorAnswers_InAnyCase_AreNotStored()
    {
        using var tenant = await TenantSession.CreateAsync(factory, "no-store-case");
        using var operatorClient = factory.CreateOperatorClient();

        using var created = await tenant.Client.PostAsJsonAsync("/X/Keys", new { name = "cached?" }, Cancellation);
        using var usage = await tenant.Client.GetAsync("/X/usage.CSV", Cancellation);
        using var tenants = await operatorClient.GetAsync("/ADMIN/tenants", Cancellation);
        HttpResponseMessage[] answers = [created, usage, tenants];

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK], answers.Select(r => r.StatusCode));
        Assert.All(answers, r => Assert.True(r.Headers.CacheControl?.NoStore, $"{r.RequestMessage?.RequestUri}: {r.Headers.CacheControl}"));
    }
}
