using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Tests.Regions;

/// <summary>The <c>Region:*</c> settings: each value checked alone, and against the storage and clustering it needs.</summary>
public sealed class RegionSettingsTests : IDisposable
{
    private const string PeerPostgres = "Host=127.0.0.1;Port=5432;Username=xai;Password=peer-secret;Database=xai";

    private readonly TempDirectory _data = new();

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Region:Name", "Upper", "Region:Name must be 1 to 32 lower-case letters" },
        { "Region:Name", "9starts-with-a-digit", "Region:Name must be 1 to 32 lower-case letters" },
        { "Region:Name", new string('a', 33), "Region:Name must be 1 to 32 lower-case letters" },
        { "Region:MaxStaleSeconds", "0", "Region:MaxStaleSeconds must be between 1 and 3600" },
        { "Region:Peers:0:Name", "eu", "Region:Peers:0:Name 'eu' is this region's own name" },
        { "Region:Peers:0:ManagementUrl", "ftp://peer", "Region:Peers:0:ManagementUrl must be an absolute http(s) URL" },
        { "Region:Peers:0:ManagementUrl", "https://user:pass@peer", "Region:Peers:0:ManagementUrl must be an absolute http(s) URL" },
        { "Region:Peers:0:Postgres", "Nonsense Keyword=1", "Region:Peers:0:Postgres is not a valid PostgreSQL connection string" },
        { "Region:Peers:0:Postgres", "Username=xai", "Region:Peers:0:Postgres must name a PostgreSQL host" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Read_BadRegionValue_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = ValidRegion();
        settings[key] = value;

        var failure = Assert.Throws<RouterConfigurationException>(() => Read(settings));

        Assert.Contains(failure.Failures, message => message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_PeersWithoutName_AreRefused()
    {
        var failure = Assert.Throws<RouterConfigurationException>(() => Read(new() { ["Region:Peers:0:Name"] = "us" }));

        Assert.Contains("Region:Peers needs Region:Name (this region's name).", failure.Failures);
    }

    [Fact]
    public void Read_SamePeerTwice_IsRefused()
    {
        var settings = ValidRegion();
        settings["Region:Peers:1:Name"] = "us";
        settings["Region:Peers:1:ManagementUrl"] = "https://us.example";
        settings["Region:Peers:1:Postgres"] = PeerPostgres;

        var failure = Assert.Throws<RouterConfigurationException>(() => Read(settings));

        Assert.Contains(failure.Failures, message => message.Contains("names the same peer twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RegionWithoutClusterMode_NeedsPostgresAndRedis()
    {
        var settings = ValidRegion();
        settings["Storage:Provider"] = "sqlite";
        settings.Remove("Storage:ConnectionString");

        var failure = Assert.Throws<RouterConfigurationException>(() => Read(settings));

        Assert.Contains("Region:Name needs cluster mode: Storage:Provider 'postgres' and Cluster:Provider 'redis'.", failure.Failures);
    }

    [Fact]
    public void Read_BadPeerConnectionString_NeverEchoesIt()
    {
        var settings = ValidRegion();
        settings["Region:Peers:0:Postgres"] = "Host=peer;Password=peer-secret;Nonsense Keyword=1";

        var failure = Assert.Throws<RouterConfigurationException>(() => Read(settings));

        Assert.DoesNotContain("peer-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValidRegion_ReadsNamePeersAndDefaults()
    {
        var silo = Read(ValidRegion());

        Assert.True(silo.Region.IsMultiRegion);
        Assert.Equal("eu", silo.Region.Name);
        Assert.Equal(30, silo.Region.MaxStaleSeconds);
        Assert.Equal("us", Assert.Single(silo.Region.Peers).Name);
        Assert.True(silo.Region.IsHome(""));
        Assert.True(silo.Region.IsHome("eu"));
        Assert.False(silo.Region.IsHome("us"));
        Assert.Same(silo.Region.Peers[0], silo.Region.FindPeer("us"));
    }

    public void Dispose() => _data.Dispose();

    private static Dictionary<string, string?> ValidRegion() => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = "Host=127.0.0.1;Username=xai;Database=xai",
        ["Cluster:Provider"] = "redis",
        ["Cluster:Redis"] = "127.0.0.1:6379",
        ["Region:Name"] = "eu",
        ["Region:Peers:0:Name"] = "us",
        ["Region:Peers:0:ManagementUrl"] = "https://us.example",
        ["Region:Peers:0:Postgres"] = PeerPostgres,
    };

    private SiloSettings Read(Dictionary<string, string?> settings)
    {
        settings.TryAdd("DataDirectory", _data.Path);
        settings.TryAdd("Cluster:UnsafeAllowPlaintextTransport", "true");
        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var silo = SiloSettings.Read(reader);
        reader.ThrowIfInvalid();
        return silo;
    }
}
