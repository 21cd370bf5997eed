using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Hosting;

/// <summary>Grain storage settings, configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Default of <see cref="Provider"/>.</summary>
    public const string DefaultProvider = "sqlite";

    /// <summary>Name of the SQLite file created in <see cref="NodeOptions.DataDirectory"/>.</summary>
    public const string SqliteFileName = "xai-router.db";

    /// <summary><c>Storage:Provider</c>: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = DefaultProvider;

    /// <summary>
    /// <c>Storage:ConnectionString</c>: the ADO.NET connection string. Default for SQLite: the file
    /// <see cref="SqliteFileName"/> in the data directory. Never logged: it may carry a password.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// <c>Storage:StartupTimeout</c>: how long a starting node waits for an unreachable database, retrying every
    /// couple of seconds, before it gives up with a clear message (exit code 3). Default 60 s.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The parsed <see cref="Provider"/>; valid once the options passed validation.</summary>
    public StorageProvider ProviderKind =>
        string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase) ? StorageProvider.Postgres : StorageProvider.Sqlite;
}
