namespace XaiRouter.Gateway.Apis.Tests;

/// <summary>
/// Issue 18: every <c>/x</c> and <c>/admin</c> answer (success, refusal, validation error, unknown route, CSV) carries
/// <c>Cache-Control: no-store</c>; <c>/v1</c> and the health routes are left as they were.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NoStoreTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManagementAndOperatorAnswers_AreNotStored_OthersUnchanged()
    {
        using var tenant = await TenantSession.CreateAsync(factory, "no-store");
        using var operatorClient = factory.CreateOperatorClient();
        using var anonymous = factory.CreateClient();

        using var created = await tenant.Client.PostAsJsonAsync("/x/keys", new { name = "cached?" }, Cancellation);
        HttpResponseMessage[] managed =
        [
            created,
            await tenant.Client.GetAsync("/x/usage", Cancellation),
            await tenant.Client.GetAsync("/x/usage.csv", Cancellation),
            await tenant.Client.GetAsync("/x/usage?group_by=week", Cancellation),
            await tenant.Client.GetAsync("/x/no-such-route", Cancellation),
            await anonymous.GetAsync("/x/keys", Cancellation),
            await operatorClient.GetAsync("/admin/tenants", Cancellation),
            await operatorClient.GetAsync("/admin/nodes", Cancellation),
            await anonymous.GetAsync("/admin/usage", Cancellation),
        ];
        using var models = await tenant.Client.GetAsync("/v1/models", Cancellation);

        try
        {
            Assert.Equal(
                [HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized,
                    HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized],
                managed.Select(r => r.StatusCode));
            Assert.All(managed, r => Assert.True(r.Headers.CacheControl?.NoStore, $"{r.RequestMessage?.RequestUri}: {r.Headers.CacheControl}"));
            Assert.False(models.Headers.CacheControl?.NoStore ?? false);
        }
        finally
        {
            foreach (var response in managed)
            {
                response.Dispose();
            }
        }
    }
}
