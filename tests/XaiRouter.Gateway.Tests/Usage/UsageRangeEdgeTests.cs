namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 18 review (adv18): the dates at the calendar's edges are query input like any other, answered or refused in
/// the client's shape, never a 500. <c>to=9999-12-31</c> with <c>group_by=hour</c> reads up to that day's last hour,
/// which used to overflow (the day after it) into a 500.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UsageRangeEdgeTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/x/usage?group_by=hour&to=9999-12-31", HttpStatusCode.OK)]
    [InlineData("/x/usage?group_by=hour,model&to=9999-12-31", HttpStatusCode.OK)]
    [InlineData("/x/usage.csv?group_by=hour&to=9999-12-31", HttpStatusCode.OK)]
    [InlineData("/x/usage?group_by=hour&to=9999-12-31T23:59:59Z", HttpStatusCode.OK)]
    [InlineData("/x/usage?from=9999-01-01&to=9999-12-31&group_by=day", HttpStatusCode.OK)]
    [InlineData("/x/usage?group_by=hour&from=9999-12-31", HttpStatusCode.BadRequest)]
    [InlineData("/x/usage?group_by=hour&from=0001-01-01T00:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("/x/usage?group_by=hour&to=0001-01-01", HttpStatusCode.BadRequest)]
    public async Task DatesAtTheCalendarsEdges_AreAnsweredOrRefused_NeverA500(string path, HttpStatusCode expected)
    {
        using var tenant = await TenantSession.CreateAsync(factory, "calendar-edges");

        using var response = await tenant.Client.GetAsync(path, Cancellation);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
