namespace XaiRouter.Gateway.Forwarding.Tests;

public sealed class NetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    public void IsBlocked_InternalAddress_IsRefused(string address) => Assert.True(NetworkGuard.IsBlocked(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsBlocked_PublicAddress_IsAllowed(string address) => Assert.False(NetworkGuard.IsBlocked(IPAddress.Parse(address)));

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    public async Task CheckHost_NameOrLiteralOfAnInternalAddress_GivesAReason(string host) =>
        Assert.NotNull(await NetworkGuard.CheckHostAsync(host, TestContext.Current.CancellationToken));
}
