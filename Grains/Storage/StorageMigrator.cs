using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Grains.Storage;

/// <summary>
/// Brings the grain storage database to the newest schema this build knows.
/// </summary>
/// <remarks>
/// Steps, all inside one transaction so that a failed run changes nothing:
/// 1. prepare the database (SQLite: WAL);
/// 2. take the dialect's migration lock, so that nodes starting together apply each migration once;
/// 3. create the migration table <c>xai_schema_migrations</c> when missing and read the current version;
/// 4. refuse a database newer than this build (<see cref="SchemaTooNewException"/>);
/// 5. apply each newer migration and record it.
/// Running it again on a current database applies nothing.
/// </remarks>
internal sealed partial class StorageMigrator(StorageDatabase database, TimeProvider timeProvider, ILogger<StorageMigrator> logger)
{
    private const string CreateMigrationTableSql =
        "CREATE TABLE IF NOT EXISTS xai_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    private const string CurrentVersionSql = "SELECT COALESCE(MAX(version), 0) FROM xai_schema_migrations";

    private const string RecordMigrationSql = "INSERT INTO xai_schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)";

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = MigrationCatalog.Load(database.Dialect);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);

        // Step 1.
        if (database.Dialect.PrepareDatabaseSql is { } prepare)
        {
            await StorageDatabase.ExecuteAsync(connection, null, prepare, cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Step 2.
        if (database.Dialect.MigrationLockSql is { } lockSql)
        {
            await StorageDatabase.ExecuteAsync(connection, transaction, lockSql, cancellationToken);
        }

        // Step 3.
        await StorageDatabase.ExecuteAsync(connection, transaction, CreateMigrationTableSql, cancellationToken);
        var current = await ReadCurrentVersionAsync(connection, transaction, cancellationToken);

        // Step 4.
        if (current > migrations.Count)
        {
            throw new SchemaTooNewException(current, migrations.Count);
        }

        // Step 5.
        var applied = new List<Migration>();
        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await StorageDatabase.ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await RecordAsync(connection, transaction, migration, cancellationToken);
            applied.Add(migration);
        }

        await transaction.CommitAsync(cancellationToken);

        foreach (var migration in applied)
        {
            LogMigrationApplied(logger, migration.Version, migration.Name);
        }

        LogSchemaCurrent(logger, database.Dialect.Provider, migrations.Count, applied.Count);
        return new MigrationResult(migrations.Count, applied);
    }

    private static async Task<int> ReadCurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CurrentVersionSql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, Migration migration, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = RecordMigrationSql;
        AddParameter(command, "version", migration.Version);
        AddParameter(command, "name", migration.Name);
        AddParameter(command, "applied_at", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [LoggerMessage(EventId = EventIds.MigrationApplied, EventName = nameof(EventIds.MigrationApplied), Level = LogLevel.Information,
        Message = "Applied grain storage migration {Version} ({Name})")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = EventIds.SchemaCurrent, EventName = nameof(EventIds.SchemaCurrent), Level = LogLevel.Information,
        Message = "Grain storage ({Provider}) is at schema version {Version}; {AppliedCount} migration(s) applied now")]
    private static partial void LogSchemaCurrent(ILogger logger, StorageProvider provider, int version, int appliedCount);
}
