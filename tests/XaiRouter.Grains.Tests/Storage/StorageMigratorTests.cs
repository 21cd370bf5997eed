using Microsoft.Extensions.Logging.Abstractions;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Tests.Storage;

public sealed class StorageMigratorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private StorageDatabase Database => new(StorageDialect.Sqlite, $"Data Source={_directory.Combine("migrate.db")}");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateAsync_FreshDatabase_AppliesEveryMigration()
    {
        var result = await NewMigrator().MigrateAsync(Cancellation);

        Assert.Equal(MigrationCatalog.Load(StorageDialect.Sqlite).Count, result.SchemaVersion);
        Assert.Equal(result.SchemaVersion, result.Applied.Count);
        Assert.Equal(4L, await ScalarAsync("SELECT COUNT(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothingAndKeepsTheRecord()
    {
        await NewMigrator().MigrateAsync(Cancellation);
        var recorded = await ScalarAsync("SELECT group_concat(version || '@' || applied_at) FROM xai_schema_migrations");

        var second = await NewMigrator().MigrateAsync(Cancellation);

        Assert.Empty(second.Applied);
        Assert.Equal(recorded, await ScalarAsync("SELECT group_concat(version || '@' || applied_at) FROM xai_schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_TwoNodesAtOnce_AppliesEachMigrationOnce()
    {
        var results = await Task.WhenAll(
            Task.Run(() => NewMigrator().MigrateAsync(Cancellation), Cancellation),
            Task.Run(() => NewMigrator().MigrateAsync(Cancellation), Cancellation));

        Assert.Equal(results[0].SchemaVersion, results[0].Applied.Count + results[1].Applied.Count);
        Assert.Equal((long)results[0].SchemaVersion, await ScalarAsync("SELECT COUNT(*) FROM xai_schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_NewerDatabase_RefusesWithClearMessage()
    {
        await NewMigrator().MigrateAsync(Cancellation);
        await ScalarAsync("INSERT INTO xai_schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 'later') RETURNING version");

        var failure = await Assert.ThrowsAsync<SchemaTooNewException>(() => NewMigrator().MigrateAsync(Cancellation));

        Assert.Equal(999, failure.DatabaseVersion);
        Assert.Contains("schema version 999", failure.Message, StringComparison.Ordinal);
        Assert.Contains("newer XaiRouter", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_Sqlite_TurnsOnWriteAheadLogging()
    {
        await NewMigrator().MigrateAsync(Cancellation);

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private StorageMigrator NewMigrator() => new(Database, TimeProvider.System, NullLogger<StorageMigrator>.Instance);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Cancellation);
    }
}
