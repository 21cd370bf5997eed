using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Hosting.Tests;

public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Storage:Provider", "mongo", "Storage:Provider must be 'sqlite' or 'postgres'" },
        { "Storage:ConnectionString", "Nonsense Keyword=1", "Storage:ConnectionString" },
        { "Cluster:Provider", "zookeeper", "Cluster:Provider must be 'localhost' or 'redis'" },
        { "Cluster:SiloPort", "0", "Cluster:SiloPort must be a TCP port" },
        { "Cluster:SiloPort", "70000", "Cluster:SiloPort must be a TCP port" },
        { "Cluster:SiloPort", "abc", "Cluster:SiloPort" },
        { "Cluster:GatewayPort", "-1", "Cluster:GatewayPort must be a TCP port" },
        { "Cluster:GatewayPort", "11111", "Cluster:SiloPort and Cluster:GatewayPort must differ" },
        { "Operator:Token", "short", "Operator:Token must be at least 24 characters" },
        { "Operator:Token", "has a space in it but is long enough", "Operator:Token may contain only visible ASCII" },
        { "Upstream:AllowPrivateNetworks", "maybe", "Upstream:AllowPrivateNetworks" },
        { "Vault:Pepper", "tiny", "Vault:Pepper must be at least 16 characters" },
        { "DataDirectory", " ", "DataDirectory must name a folder" },
        { "Tenants:ClaimTokenLifetime", "00:00:10", "Tenants:ClaimTokenLifetime must be between" },
        { "Tenants:ClaimTokenLifetime", "365.00:00:00", "Tenants:ClaimTokenLifetime must be between" },
        { "Tenants:ClaimTokenLifetime", "soon", "Tenants:ClaimTokenLifetime" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Read_BadValue_FailsNamingTheKey(string key, string value, string expected)
    {
        var failure = Assert.Throws<RouterConfigurationException>(() => Read(new() { [key] = value }));

        Assert.Contains(failure.Failures, message => message.Contains(expected, StringComparison.Ordinal));
        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SecretValue_IsNeverEchoed()
    {
        const string secret = "short secret";

        var failure = Assert.Throws<RouterConfigurationException>(() => Read(new() { ["Operator:Token"] = secret, ["Vault:Pepper"] = "pepper" }));

        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pepper", failure.Message.Replace("Vault:Pepper", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralBadValues_ReportsEveryOne()
    {
        var failure = Assert.Throws<RouterConfigurationException>(() => Read(new()
        {
            ["Storage:Provider"] = "mongo",
            ["Cluster:SiloPort"] = "0",
            ["Operator:Token"] = "short",
        }));

        Assert.Equal(3, failure.Failures.Count);
    }

    [Fact]
    public void Read_NoConfiguration_UsesTheDocumentedDefaults()
    {
        var (gateway, silo) = Read([]);

        Assert.Equal("sqlite", silo.Storage.Provider);
        Assert.Equal(11111, silo.Cluster.SiloPort);
        Assert.Equal(30000, silo.Cluster.GatewayPort);
        Assert.Equal("localhost", silo.Cluster.Provider);
        Assert.Null(gateway.Operator.Token);
        Assert.False(gateway.Upstream.AllowPrivateNetworks);
        Assert.Null(gateway.Vault.Pepper);
        Assert.Equal($"Data Source={Path.Combine(_data.Path, "xai-router.db")}", silo.StorageConnectionString);
        Assert.Equal("http://127.0.0.1:8080", GatewaySettings.DefaultUrls);
    }

    [Fact]
    public void Read_DataDirectoryMissing_CreatesIt()
    {
        var nested = Path.Combine(_data.Path, "a", "b");

        Read(new() { ["DataDirectory"] = nested });

        Assert.True(Directory.Exists(nested));
    }

    public void Dispose() => _data.Dispose();

    private (GatewaySettings Gateway, SiloSettings Silo) Read(Dictionary<string, string?> settings)
    {
        settings.TryAdd("DataDirectory", _data.Path);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var reader = new ConfigurationReader(configuration);
        var gateway = GatewaySettings.Read(reader);
        var silo = SiloSettings.Read(reader);
        reader.ThrowIfInvalid();
        return (gateway, silo);
    }
}
