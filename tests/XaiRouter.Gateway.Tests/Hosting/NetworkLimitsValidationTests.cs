using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>The <c>Network:</c> server limits: validated at start-up, naming the key, and put on Kestrel as documented.</summary>
public sealed class NetworkLimitsValidationTests
{
    public static TheoryData<string, string> BadLimits => new()
    {
        { "Network:MaxManagementBodySize", "100" },
        { "Network:MaxRequestHeadersTotalSize", "4096" },
        { "Network:MaxRequestHeaderCount", "2" },
        { "Network:RequestHeadersTimeout", "00:00:00" },
        { "Network:MinRequestBodyDataRate", "0" },
        { "Network:MinRequestBodyDataRateGracePeriod", "00:00:01" },
    };

    [Theory]
    [MemberData(nameof(BadLimits))]
    public void Read_BadLimit_FailsNamingTheKey(string key, string value)
    {
        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());

        reader.Read(NetworkOptions.SectionName, new NetworkOptionsValidator());

        var failure = Assert.Throws<RouterConfigurationException>(reader.ThrowIfInvalid);
        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Defaults_SetsKestrelsLimitsDeliberately()
    {
        var limits = new KestrelServerLimits();

        ClientLimits.Apply(limits, new NetworkOptions());

        Assert.Equal(NetworkOptions.DefaultMaxManagementBodySize, limits.MaxRequestBodySize);
        Assert.Equal(32 * 1024, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(100, limits.MaxRequestHeaderCount);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.RequestHeadersTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRate.GracePeriod);
    }
}
