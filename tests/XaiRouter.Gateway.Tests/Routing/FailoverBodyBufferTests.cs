using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Forwarding.Tests;

namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>A failover sends the same pooled body again, and the buffer goes back once (issue 16, item 3).</summary>
[Collection(RoutingCollection.Name)]
public sealed class FailoverBodyBufferTests(RoutingFixture fixture)
{
    [Fact]
    public async Task FailedFirstAttempt_ReplaysTheSameBody_AndReturnsTheBuffer()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (failing, _) = await tenant.AddUpstreamAsync(UpstreamFault.Always500, priority: 0);
        var (healthy, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var answer = await tenant.ChatAsync();

        Assert.Equal((HttpStatusCode.OK, healthyId, 2), (answer.Status, answer.ProviderKey, answer.Attempts));
        Assert.Equal(failing.Requests.Single().Body, healthy.Requests.Single().Body);
        Assert.True(await RequestBodyPoolGatewayTests.AllReturnedAsync(fixture.Gateway.Services.GetRequiredService<RequestBodyPool>()));
    }
}
