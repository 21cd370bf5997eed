namespace XaiRouter.Gateway.Security.Tests;

/// <summary>Key guessing is throttled per client address: a burst of failures, then 429 for every further failure (a valid key is still served).</summary>
public sealed class FailureThrottleTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new() { Settings = { ["Auth:FailureBurst"] = "3", ["Auth:FailuresPerMinute"] = "1" } };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BadKeys_AfterTheBurst_Get429InEachClientShape()
    {
        using var tenant = await TenantSession.CreateAsync(_factory);
        using var guesser = _factory.CreateClientWithKey("sk-Xvs-guess");

        var burst = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            burst.Add((await guesser.GetAsync("/v1/models", Cancellation)).StatusCode);
        }

        using var openAI = await guesser.GetAsync("/v1/models", Cancellation);
        using var anthropic = await guesser.PostAsync("/v1/messages", JsonContent.Create(new { }), Cancellation);
        using var management = await guesser.GetAsync("/x/provider-keys", Cancellation);
        using var theRightKey = await tenant.Client.GetAsync("/x/provider-keys", Cancellation);

        Assert.All(burst, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, openAI.StatusCode);
        var error = (await openAI.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("type").GetString());
        Assert.True(openAI.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.TooManyRequests, anthropic.StatusCode);
        Assert.Equal("rate_limit_error", (await anthropic.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, management.StatusCode);
        Assert.Equal(HttpStatusCode.OK, theRightKey.StatusCode);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
