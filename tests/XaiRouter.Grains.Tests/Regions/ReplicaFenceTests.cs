using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tests.Regions;

public sealed class ReplicaFenceTests
{
    [Fact]
    public void Fence_HoldsUntilTheCopyReachesTheHighestVersionRaised()
    {
        var fence = new ReplicaFence();
        fence.Raise(5);
        fence.Raise(3);
        Assert.True(fence.Check("4", exists: true));
        Assert.True(fence.Check(null, exists: true));
        Assert.False(fence.Check("5", exists: true));
        Assert.False(fence.IsRaised);
    }

    [Fact]
    public void DeletionFence_LiftsOnlyWhenTheRowIsGone()
    {
        var fence = new ReplicaFence();
        fence.Raise(ReplicaFence.Deleted);
        Assert.True(fence.Check("999999", exists: true));
        Assert.False(fence.Check(null, exists: false));
    }
}
