using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Transport;

namespace XaiRouter.Gateway.Transport.Tests;

/// <summary>The data directory and every file in it are the running account's alone: 0700 and 0600.</summary>
public sealed class DataFileModeTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GatewayThatServedRequests_DataDirectoryIs0700_DatabaseWalShmTokenAndCredentialsAre0600()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = new GatewayFactory { DataDirectoryName = "node", GenerateToken = true };
        using (var tenant = await TenantSession.CreateAsync(gateway, "files"))
        {
            await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-files-0123456789abcdef", ["gpt-4o"]);
            using var chat = await tenant.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        // SQLite removes -wal and -shm when its last connection closes (the gateway's pool may have closed them by now):
        // a reader held open here makes SQLite create them again, with the database file's mode as it does for the gateway.
        await using var reader = new SqliteConnection($"Data Source={Path.Combine(gateway.DataPath, "xai-router.db")};Pooling=False");
        await reader.OpenAsync(Cancellation);
        using (var read = reader.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master";
            Assert.True(Convert.ToInt64(await read.ExecuteScalarAsync(Cancellation), System.Globalization.CultureInfo.InvariantCulture) > 0);
        }

        Assert.Equal(OwnerOnlyFiles.DirectoryMode, File.GetUnixFileMode(gateway.DataPath));
        string[] expected = ["xai-router.db", "xai-router.db-wal", "xai-router.db-shm", "operator-token", ClusterCredentials.GeneratedFileName];
        var files = Directory.GetFiles(gateway.DataPath).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal), files);
        Assert.All(expected, name => Assert.Equal(OwnerOnlyFiles.FileMode, File.GetUnixFileMode(Path.Combine(gateway.DataPath, name))));
    }

    [Fact]
    public void Start_ExistingWorldReadableDatabaseAndWal_AreTightenedTo0600AndReported()
    {
        using var data = new TempDirectory();
        var database = data.Combine("xai-router.db");
        foreach (var path in new[] { database, database + "-wal" })
        {
            File.WriteAllBytes(path, []);
            File.SetUnixFileMode(path, OwnerOnlyFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = data.Path }).Build());
        var settings = SiloSettings.Read(reader);
        reader.ThrowIfInvalid();

        Assert.Equal([database, database + "-wal"], settings.TightenedFiles);
        Assert.Equal(OwnerOnlyFiles.FileMode, File.GetUnixFileMode(database));
        Assert.Equal(OwnerOnlyFiles.FileMode, File.GetUnixFileMode(database + "-wal"));
    }
}
