using XaiRouter.Grains.Limits;

namespace XaiRouter.Grains.Tests.Limits;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PerMinuteBucket_AllowsABurstOfItsCapacity_ThenRefillsAtItsRate()
    {
        var bucket = new TokenBucket(30, TimeSpan.FromMinutes(1), Start);
        bucket.Take(30);

        Assert.Equal(0, bucket.Available);
        Assert.Equal(TimeSpan.FromSeconds(2), bucket.TimeUntil(1));
        Assert.Equal(TimeSpan.FromMinutes(1), bucket.TimeUntilFull);
        bucket.Refill(Start.AddSeconds(10));
        Assert.Equal(5, bucket.Available);
        bucket.Refill(Start.AddHours(1));
        Assert.Equal(30, bucket.Available);
    }

    [Fact]
    public void Debt_GoesBelowZero_AndIsPaidByTheRefill()
    {
        var bucket = new TokenBucket(60, TimeSpan.FromMinutes(1), Start);
        bucket.Take(60);
        bucket.Give(-12);

        Assert.Equal(-12, bucket.Available);
        bucket.Refill(Start.AddSeconds(13));
        Assert.Equal(1, bucket.Available);
    }

    [Fact]
    public void Resize_KeepsWhatWasUsed()
    {
        var bucket = new TokenBucket(100, TimeSpan.FromMinutes(1), Start);
        bucket.Take(40);

        var larger = bucket.Resize(200, Start);
        var smaller = bucket.Resize(30, Start);

        Assert.Equal(160, larger.Available);
        Assert.Equal(-10, smaller.Available);
    }

    [Fact]
    public void WindowedAllowance_GrantsWhatEveryWindowCanSpare()
    {
        var allowance = new WindowedAllowance();
        allowance.Update(perMinute: 100, perHour: 150, perDay: null, Start);

        Assert.Equal(100, allowance.Grant(1, 99));
        Assert.Null(allowance.Grant(1, 0));
        allowance.Update(100, 150, null, Start.AddMinutes(1));
        Assert.Equal(52, allowance.Grant(1, 99));
        Assert.Equal(150, allowance.Tightest()!.Limit);
    }

    [Fact]
    public void WindowedAllowance_NeedLargerThanTheWindow_IsCutToItsCapacity()
    {
        var allowance = new WindowedAllowance();
        allowance.Update(perMinute: 1000, null, null, Start);

        Assert.Equal(1000, allowance.Grant(5000, 0));
        Assert.Null(allowance.Grant(1, 0));
    }
}
