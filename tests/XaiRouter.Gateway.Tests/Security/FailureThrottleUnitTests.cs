using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Security.Tests;

public sealed class FailureThrottleUnitTests
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void RecordFailure_BurstUsedUp_BlocksThenRefillsWithTime()
    {
        var sut = new FailureThrottle(Options.Create(new AuthOptions { FailureBurst = 2, FailuresPerMinute = 6 }), _clock);

        sut.RecordFailure("203.0.113.7");
        var afterOne = sut.IsBlocked("203.0.113.7", out _);
        sut.RecordFailure("203.0.113.7");
        var afterTwo = sut.IsBlocked("203.0.113.7", out var retryAfter);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var afterRefill = sut.IsBlocked("203.0.113.7", out _);

        Assert.False(afterOne);
        Assert.True(afterTwo);
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
        Assert.False(afterRefill);
        Assert.False(sut.IsBlocked("198.51.100.1", out _));
    }
}
