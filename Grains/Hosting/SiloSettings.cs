using Microsoft.Data.Sqlite;
using XaiRouter.Grains.Storage;
using XaiRouter.Grains.Transport;

namespace XaiRouter.Grains.Hosting;

/// <summary>The validated settings every silo (Gateway or Silo) is built from.</summary>
public sealed record SiloSettings(NodeOptions Node, StorageOptions Storage, ClusteringOptions Cluster)
{
    /// <summary>The absolute data directory; it exists once <see cref="Read"/> succeeded.</summary>
    public string DataDirectory => Path.GetFullPath(Node.DataDirectory);

    /// <summary>The storage connection string: the configured one, or the SQLite file in the data directory.</summary>
    public string StorageConnectionString =>
        Storage.ConnectionString ?? $"Data Source={Path.Combine(DataDirectory, StorageOptions.SqliteFileName)}";

    /// <summary>
    /// The Orleans transport's mutual TLS credentials, or <see langword="null"/> when the transport is plaintext
    /// (<c>Cluster:UnsafeAllowPlaintextTransport</c>).
    /// </summary>
    public ClusterCredentials? Credentials { get; init; }

    /// <summary>Multi-region settings (<c>Region:*</c>); empty for one region.</summary>
    public RegionOptions Region { get; init; } = new();

    /// <summary>Existing data files that were readable by other users and have been restricted to 0600 by this start.</summary>
    public IReadOnlyList<string> TightenedFiles { get; init; } = [];

    /// <summary>Reads and validates the silo settings, recording failures in <paramref name="reader"/>.</summary>
    public static SiloSettings Read(ConfigurationReader reader)
    {
        var settings = new SiloSettings(
            reader.Read("", new NodeOptionsValidator()),
            reader.Read(StorageOptions.SectionName, new StorageOptionsValidator()),
            reader.Read(ClusteringOptions.SectionName, new ClusteringOptionsValidator()))
        {
            Region = reader.Read(RegionOptions.SectionName, new RegionOptionsValidator()),
        };

        // A region replicates through PostgreSQL logical replication and is a cluster of its own.
        if (settings.Region.IsMultiRegion && (settings.Storage.ProviderKind != StorageProvider.Postgres
            || !string.Equals(settings.Cluster.Provider, "redis", StringComparison.OrdinalIgnoreCase)))
        {
            reader.AddFailure("Region:Name needs cluster mode: Storage:Provider 'postgres' and Cluster:Provider 'redis'.");
        }

        if (reader.HasFailures)
        {
            return settings;
        }

        try
        {
            OwnerOnlyFiles.CreateDirectory(settings.DataDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reader.AddFailure($"DataDirectory '{settings.DataDirectory}' cannot be created: {exception.Message}");
            return settings;
        }

        return settings with
        {
            Credentials = ClusterCredentialsReader.Read(settings.Cluster, settings.DataDirectory, reader),
            TightenedFiles = settings.PrepareSqliteFile(reader),
        };
    }

    internal StorageDatabase CreateStorageDatabase() => new(StorageDialect.For(Storage.ProviderKind), StorageConnectionString);

    /// <summary>Creates the SQLite database file 0600 before SQLite does (it would make it, and so its -wal and -shm, 0644).</summary>
    private IReadOnlyList<string> PrepareSqliteFile(ConfigurationReader reader)
    {
        if (Storage.ProviderKind != StorageProvider.Sqlite)
        {
            return [];
        }

        var builder = new SqliteConnectionStringBuilder(StorageConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is ":memory:" or "" || builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var path = Path.GetFullPath(builder.DataSource);
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            // SQLite reports the missing folder itself when it opens the database.
            return [];
        }

        try
        {
            return OwnerOnlyFiles.PrepareSqliteDatabase(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reader.AddFailure($"Storage: the SQLite database '{path}' cannot be created or restricted to its owner: {exception.Message}");
            return [];
        }
    }
}
