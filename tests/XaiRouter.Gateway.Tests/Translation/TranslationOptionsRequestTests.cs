using Microsoft.Extensions.Configuration;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary><c>Translation:DefaultMaxTokens</c>: its default, its range, and that it reaches the settings.</summary>
public sealed class TranslationOptionsRequestTests
{
    [Fact]
    public void Default_Is4096()
    {
        Assert.Equal(4096, Read([]).Translation.DefaultMaxTokens);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("200000")]
    [InlineData("1000000")]
    public void ValuesInRange_AreRead(string value)
    {
        Assert.Equal(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Read(new() { ["Translation:DefaultMaxTokens"] = value }).Translation.DefaultMaxTokens);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1000001")]
    [InlineData("lots")]
    public void ValuesOutOfRange_StopStartNamingTheKey(string value)
    {
        var failure = Assert.Throws<RouterConfigurationException>(() => Read(new() { ["Translation:DefaultMaxTokens"] = value }));

        Assert.Contains("Translation:DefaultMaxTokens", failure.Message, StringComparison.Ordinal);
    }

    private static GatewaySettings Read(Dictionary<string, string?> values)
    {
        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var settings = GatewaySettings.Read(reader);
        reader.ThrowIfInvalid();
        return settings;
    }
}
