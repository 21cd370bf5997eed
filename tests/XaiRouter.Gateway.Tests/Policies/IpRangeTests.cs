namespace XaiRouter.Gateway.Policies.Tests;

public sealed class IpRangeTests
{
    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.77", true)]
    [InlineData("203.0.113.0/24", "203.0.114.1", false)]
    [InlineData("203.0.113.9", "203.0.113.9", true)]
    [InlineData("203.0.113.0/24", "::ffff:203.0.113.5", true)]
    [InlineData("2001:db8::/32", "2001:db8:1234::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::/32", "203.0.113.1", false)]
    [InlineData("0.0.0.0/0", "198.51.100.4", true)]
    public void Contains_Address_FollowsThePrefix(string range, string address, bool expected)
    {
        Assert.True(IpRange.TryParse(range, out var parsed));
        Assert.Equal(expected, parsed!.Value.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.128/25", true)]
    [InlineData("203.0.113.128/25", "203.0.113.0/24", false)]
    [InlineData("2001:db8::/32", "2001:db8:ff00::/40", true)]
    [InlineData("2001:db8::/32", "10.0.0.0/8", false)]
    public void Contains_Range_OnlyWhenNarrower(string outer, string inner, bool expected)
    {
        Assert.True(IpRange.TryParse(outer, out var o));
        Assert.True(IpRange.TryParse(inner, out var i));
        Assert.Equal(expected, o!.Value.Contains(i!.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-ip")]
    [InlineData("203.0.113.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("203.0.113.0/-1")]
    [InlineData("203.0.113.0/")]
    public void TryParse_Invalid_IsRefused(string text) => Assert.False(IpRange.TryParse(text, out _));
}
