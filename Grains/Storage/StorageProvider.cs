namespace XaiRouter.Grains.Storage;

/// <summary>The databases the grain storage runs on (configuration key <c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file in the data directory: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by a cluster.</summary>
    Postgres,
}
