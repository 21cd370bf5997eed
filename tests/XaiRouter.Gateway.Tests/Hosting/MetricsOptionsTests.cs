using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary><c>Metrics:HttpServer</c>: ASP.NET Core's per-request HTTP metrics, on unless turned off.</summary>
public sealed class MetricsOptionsTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, "http://collector:4318", true)]
    [InlineData("true", null, true)]
    [InlineData("false", "http://collector:4318", false)]
    [InlineData("false", null, false)]
    public void HttpServer_OnByDefault_FalseTurnsItOff(string? setting, string? endpoint, bool expected)
    {
        // A key that is not set is absent (a key present with a null value would bind as false).
        var settings = new Dictionary<string, string?> { [OtlpProtocolCheck.EndpointKey] = endpoint };
        if (setting is not null)
        {
            settings["Metrics:HttpServer"] = setting;
        }

        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        var options = reader.Read<MetricsOptions>(MetricsOptions.SectionName);

        Assert.False(reader.HasFailures);
        Assert.Equal(expected, options.HttpServer);
    }

    [Fact]
    public void HttpServer_NotABoolean_FailsNamingTheKey()
    {
        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:HttpServer"] = "maybe" }).Build());

        reader.Read<MetricsOptions>(MetricsOptions.SectionName);

        var failure = Assert.Throws<RouterConfigurationException>(reader.ThrowIfInvalid);
        Assert.Contains("Metrics:HttpServer", failure.Message, StringComparison.Ordinal);
    }
}
