namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 18 review (adv18): the last dates the calendar has are valid query input, and bad input is a 400 in the
/// client's shape, never a 500. <c>to=9999-12-31</c> with <c>group_by=hour</c> reads up to that day's last hour,
/// which used to overflow (the day after it) into a 500.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UsageRangeEdgeTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/x/usage?group_by=hour&to=9999-12-31")]
    [InlineData("/x/usage?group_by=hour,model&to=9999-12-31")]
    [InlineData("/x/usage.csv?group_by=hour&to=9999-12-31")]
    [InlineData("/x/usage?group_by=hour&to=9999-12-31T23:59:59Z")]
    public async Task Hourly_ToTheCalendarsLastDay_IsAnswered(string path)
    {
        using var tenant = await TenantSession.CreateAsync(factory, "calendar-end");

        using var response = await tenant.Client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/x/usage?from=9999-01-01&to=9999-12-31&group_by=day")]
    [InlineData("/x/usage?group_by=hour&from=9999-12-31")]
    [InlineData("/x/usage?group_by=hour&from=0001-01-01T00:00:00Z")]
    [InlineData("/x/usage?group_by=hour&to=0001-01-01")]
    public async Task DatesAtTheCalendarsEdges_AreNeverA500(string path)
    {
        using var tenant = await TenantSession.CreateAsync(factory, "calendar-edges");

        using var response = await tenant.Client.GetAsync(path, Cancellation);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
