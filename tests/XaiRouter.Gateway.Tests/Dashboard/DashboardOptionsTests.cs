using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary><c>Dashboard:*</c>: off with 30-minute sessions unless set; bad values stop start-up naming the key.</summary>
public sealed class DashboardOptionsTests
{
    [Fact]
    public void Unset_IsOff_WithThirtyMinuteSessions()
    {
        var (reader, options) = Read([]);

        Assert.False(reader.HasFailures);
        Assert.False(options.Enabled);
        Assert.Equal(30, options.SessionMinutes);
    }

    [Theory]
    [InlineData("Dashboard:SessionMinutes", "0", "Dashboard:SessionMinutes must be between 1 and 1440")]
    [InlineData("Dashboard:SessionMinutes", "1441", "Dashboard:SessionMinutes must be between 1 and 1440")]
    [InlineData("Dashboard:SessionMinutes", "soon", "Dashboard:SessionMinutes")]
    [InlineData("Dashboard:Enabled", "maybe", "Dashboard:Enabled")]
    public void BadValue_FailsNamingTheKey(string key, string value, string expected)
    {
        var (reader, _) = Read(new() { [key] = value });

        var failure = Assert.Throws<RouterConfigurationException>(reader.ThrowIfInvalid);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    private static (ConfigurationReader Reader, DashboardOptions Options) Read(Dictionary<string, string?> settings)
    {
        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return (reader, reader.Read(DashboardOptions.SectionName, new DashboardOptionsValidator()));
    }
}
