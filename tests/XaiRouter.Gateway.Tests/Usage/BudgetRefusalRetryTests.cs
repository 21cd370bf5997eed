using System.ClientModel;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 15, item 9: a budget refusal tells SDKs not to retry (<c>x-should-retry: false</c>, honoured by OpenAI's
/// Python, Node, Go and Java SDKs). The .NET SDK (OpenAI 2.15 on System.ClientModel 1.16) ignores the header and
/// retries every 429 three times: pinned here, so a change on either side shows; none of its tries reaches the upstream.
/// </summary>
[Collection(BudgetCollection.Name)]
public sealed class BudgetRefusalRetryTests(BudgetFixture fixture)
{
    private const string Model = "usage-8-30";

    /// <summary>The .NET SDK's default retries of a 429, whatever <c>x-should-retry</c> says.</summary>
    private const int DotNetSdkRetries = 3;

    [Fact]
    public async Task OutOfCredit_TheAnswerSaysNotToRetry_AndNoTryOfTheSdkReachesTheUpstream()
    {
        using var tenant = await fixture.CreateTenantAsync("no-retry", Model);
        await BudgetTenant.SetPriceAsync(tenant, Model, 1000m, 1000m);
        var (_, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "broke", budget = new { credit_usd = 0.01m } });
        var sent = new CountingHandler();
        var upstreamBefore = fixture.Upstream.Requests.Count;

        var refusal = await Assert.ThrowsAsync<ClientResultException>(() =>
            fixture.Sdk(key, sent).GetChatClient(Model).CompleteChatAsync([new UserChatMessage("hello")], new ChatCompletionOptions { MaxOutputTokenCount = 30 }, TestContext.Current.CancellationToken));

        Assert.Equal(429, refusal.Status);
        var response = refusal.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("x-should-retry", out var shouldRetry));
        Assert.Equal("false", shouldRetry);
        Assert.Equal(1 + DotNetSdkRetries, sent.Count);
        Assert.Equal(upstreamBefore, fixture.Upstream.Requests.Count);
    }

    [Fact]
    public async Task RateLimitRefusal_DoesNotSayNotToRetry()
    {
        using var tenant = await fixture.CreateTenantAsync("retry-rate", Model);
        var (_, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "slow", limits = new { rpm = 1 } });
        using var client = fixture.Gateway.CreateClientWithKey(key);

        using var first = await BudgetTenant.ChatAsync(client, Model);
        using var second = await BudgetTenant.ChatAsync(client, Model);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.False(second.Headers.Contains("x-should-retry"));
    }
}
