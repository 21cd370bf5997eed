using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>
/// When a gateway's lease runs out, the requests that find it empty at the same moment do not all ask the scope's
/// rate-limiter grain: one renews, the others wait for that renewal and are admitted from the new lease.
/// </summary>
[Collection(TwoGatewayCollection.Name)]
public sealed class LeaseRenewalSingleFlightTests(TwoGatewayFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task SixtyFourConcurrentRequestsOnAnEmptyLease_OneGateway_FewGrainCalls()
    {
        const int concurrent = 64;
        using var tenant = await cluster.CreateTenantAsync(["gpt-4o"]);

        // rpm 60000: a lease holds one second's worth (100 requests), enough for every waiting request.
        var (_, key) = await tenant.CreateKeyAsync(limits: new { rpm = 60000 });
        HttpClient[] clients = [cluster.First.CreateClientWithKey(key)];
        var metrics = cluster.First.Services.GetRequiredService<AdmissionMetrics>();
        var leaseBefore = metrics.LeaseDecisions;
        var grainBefore = metrics.GrainDecisions;

        var responses = await Task.WhenAll(Enumerable.Range(0, concurrent).Select(_ => tenant.ChatAsync(clients, "gpt-4o")));

        var lease = metrics.LeaseDecisions - leaseBefore;
        var grain = metrics.GrainDecisions - grainBefore;
        output.WriteLine($"{concurrent} concurrent requests on an empty lease: {grain} grain calls, {lease} from the lease");
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(concurrent, lease + grain);
        Assert.Equal(1, grain);
    }

    [Fact]
    public async Task PerRequestScope_ConcurrentRequests_StillDecidedOneByOne_ExactlyTheLimitAdmitted()
    {
        // rpm 20: no surplus is leased, so waiting for another request's renewal would gain nothing; each asks.
        using var tenant = await cluster.CreateTenantAsync(["gpt-4o"]);
        var (_, key) = await tenant.CreateKeyAsync(limits: new { rpm = 20 });
        HttpClient[] clients = [cluster.First.CreateClientWithKey(key)];

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => tenant.ChatAsync(clients, "gpt-4o")));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }
}
