using XaiRouter.Grains.Abstractions.Keys;

namespace XaiRouter.Grains.Tests.Keys;

public sealed class AccessKeyGrainTests(GrainClusterFixture fixture) : ClusterTestBase(fixture)
{
    [Fact]
    public async Task GetAsync_UnknownIds_LeaveNoActivationsBehind()
    {
        // A flood of invented key ids must not grow the silo's memory: each read of an id without a record deactivates.
        var grains = Enumerable.Range(0, 50).Select(_ => Grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(Guid.NewGuid().ToString("N")))).ToList();
        foreach (var grain in grains)
        {
            Assert.Null(await grain.GetAsync());
        }

        var management = Grains.GetGrain<IManagementGrain>(0);
        var remaining = int.MaxValue;
        for (var attempt = 0; attempt < 100 && remaining > 0; attempt++)
        {
            remaining = 0;
            foreach (var grain in grains)
            {
                remaining += await management.GetGrainActivationCount((GrainReference)grain, Cancellation);
            }

            if (remaining > 0)
            {
                await Task.Delay(50, Cancellation);
            }
        }

        Assert.Equal(0, remaining);
    }
}
