using System.Data.Common;

namespace XaiRouter.Grains.Storage;

/// <summary>The grain storage database, as the migrations and the readiness check see it.</summary>
internal sealed class StorageDatabase(StorageDialect dialect, string connectionString)
{
    public StorageDialect Dialect { get; } = dialect;

    public string ConnectionString { get; } = connectionString;

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.Factory.CreateConnection()
            ?? throw new InvalidOperationException($"The {Dialect.Provider} provider returned no connection.");
        try
        {
            connection.ConnectionString = ConnectionString;
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Checks that the database answers a trivial query.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT 1", cancellationToken);
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
