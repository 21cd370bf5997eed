namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary>With <c>Dashboard:Enabled</c> unset (the shared Gateway), the dashboard does not exist.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DashboardDisabledTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Disabled_EveryDashboardRoute_AnswersLikeAnUnknownAdminRoute()
    {
        using var client = factory.CreateOperatorClient();
        using var unknown = await client.GetAsync("/admin/no-such-route", Cancellation);
        var unknownBody = await ProblemAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        foreach (var path in new[] { "/admin/dashboard", "/admin/dashboard/", "/admin/dashboard/sign-in", "/admin/dashboard/DashboardCounters", "/admin/dashboard/index.min.js" })
        {
            using var answer = await client.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal(unknown.Content.Headers.ContentType, answer.Content.Headers.ContentType);
            Assert.Equal(unknownBody, await ProblemAsync(answer));
        }

        using var form = new FormUrlEncodedContent([new("token", factory.OperatorToken)]);
        using var signIn = await client.PostAsync("/admin/dashboard/sign-in", form, Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    /// <summary>The problem's fields but its trace id, which differs per request.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage answer)
    {
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return string.Join('|', problem.EnumerateObject().Where(p => p.Name != "trace_id").Select(p => $"{p.Name}={p.Value}"));
    }
}
