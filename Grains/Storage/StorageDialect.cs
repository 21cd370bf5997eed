using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace XaiRouter.Grains.Storage;

/// <summary>
/// What differs between the databases: the provider factory, the Orleans invariant name, the migration folder and
/// how a connection is prepared. Everything else (migrations, grain storage, readiness) is one code path.
/// </summary>
internal sealed record StorageDialect(
    StorageProvider Provider,
    string OrleansInvariant,
    DbProviderFactory Factory,
    string MigrationFolder,
    string? PrepareDatabaseSql,
    string? MigrationLockSql)
{
    /// <summary>
    /// SQLite: WAL (a setting stored in the file) lets readers and the single writer proceed together; the migration transaction is
    /// BEGIN IMMEDIATE, which already excludes other writers, so no extra lock statement.
    /// Orleans maps its invariant <c>System.Data.SQLite</c> to Microsoft.Data.Sqlite.
    /// </summary>
    public static readonly StorageDialect Sqlite = new(
        StorageProvider.Sqlite,
        "System.Data.SQLite",
        SqliteFactory.Instance,
        "sqlite",
        "PRAGMA journal_mode=WAL;",
        null);

    /// <summary>
    /// PostgreSQL: several nodes may start at once, so the migration transaction first takes a transaction-scoped
    /// advisory lock (released at commit or rollback); the others wait, then find the schema current.
    /// </summary>
    public static readonly StorageDialect Postgres = new(
        StorageProvider.Postgres,
        "Npgsql",
        Npgsql.NpgsqlFactory.Instance,
        "postgres",
        null,
        "SELECT pg_advisory_xact_lock(7213462000)");

    public static StorageDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => Sqlite,
        StorageProvider.Postgres => Postgres,
        _ => throw new NotSupportedException($"Storage provider {provider} has no dialect in this build."),
    };
}
