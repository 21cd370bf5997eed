using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary><c>Usage:MaxPendingRecords</c>: 100,000 unless set; at least one batch, at most 10 million.</summary>
public sealed class UsageReportingOptionsTests
{
    [Fact]
    public void MaxPendingRecords_Defaults_To100000()
    {
        var reader = new ConfigurationReader(new ConfigurationBuilder().Build());

        var options = reader.Read(UsageReportingOptions.SectionName, new UsageReportingOptionsValidator());

        Assert.False(reader.HasFailures);
        Assert.Equal(100_000, options.MaxPendingRecords);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("20000000")]
    public void MaxPendingRecords_OutOfRange_FailsNamingTheKey(string value)
    {
        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Usage:MaxPendingRecords"] = value }).Build());

        reader.Read(UsageReportingOptions.SectionName, new UsageReportingOptionsValidator());

        var failure = Assert.Throws<RouterConfigurationException>(reader.ThrowIfInvalid);
        Assert.Contains("Usage:MaxPendingRecords", failure.Message, StringComparison.Ordinal);
    }
}
