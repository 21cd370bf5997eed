namespace XaiRouter.Gateway.Limits.Tests;

public sealed class RateLimitHeadersTests
{
    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(20, "20ms")]
    [InlineData(1000, "1s")]
    [InlineData(2500, "2.5s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(3_723_000, "1h2m3s")]
    [InlineData(90_000_000, "25h0m0s")]
    public void FormatDuration_UsesOpenAIsFormat(long milliseconds, string expected) =>
        Assert.Equal(expected, RateLimitHeaders.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData(0, "1")]
    [InlineData(100, "1")]
    [InlineData(2000, "2")]
    [InlineData(2001, "3")]
    public void RetryAfterSeconds_RoundsUpToAWholeSecondAtLeastOne(long milliseconds, string expected) =>
        Assert.Equal(expected, RateLimitHeaders.RetryAfterSeconds(TimeSpan.FromMilliseconds(milliseconds)));
}
