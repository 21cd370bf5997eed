using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Hosting;

/// <summary>The validated settings every silo (Gateway or Silo) is built from.</summary>
public sealed record SiloSettings(NodeOptions Node, StorageOptions Storage, ClusteringOptions Cluster)
{
    /// <summary>The absolute data directory; it exists once <see cref="Read"/> succeeded.</summary>
    public string DataDirectory => Path.GetFullPath(Node.DataDirectory);

    /// <summary>The storage connection string: the configured one, or the SQLite file in the data directory.</summary>
    public string StorageConnectionString =>
        Storage.ConnectionString ?? $"Data Source={Path.Combine(DataDirectory, StorageOptions.SqliteFileName)}";

    /// <summary>Reads and validates the silo settings, recording failures in <paramref name="reader"/>.</summary>
    public static SiloSettings Read(ConfigurationReader reader)
    {
        var settings = new SiloSettings(
            reader.Read("", new NodeOptionsValidator()),
            reader.Read(StorageOptions.SectionName, new StorageOptionsValidator()),
            reader.Read(ClusteringOptions.SectionName, new ClusteringOptionsValidator()));

        if (!reader.HasFailures)
        {
            try
            {
                Directory.CreateDirectory(settings.DataDirectory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                reader.AddFailure($"DataDirectory '{settings.DataDirectory}' cannot be created: {exception.Message}");
            }
        }

        return settings;
    }

    internal StorageDatabase CreateStorageDatabase() => new(StorageDialect.For(Storage.ProviderKind), StorageConnectionString);
}
