using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace XaiRouter.Grains.Hosting;

/// <inheritdoc/>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var isSqlite = string.Equals(options.Provider, "sqlite", StringComparison.OrdinalIgnoreCase);
        var isPostgres = string.Equals(options.Provider, "postgres", StringComparison.OrdinalIgnoreCase);
        if (!isSqlite && !isPostgres)
        {
            return ValidateOptionsResult.Fail($"Storage:Provider must be 'sqlite' or 'postgres', not '{options.Provider}'.");
        }

        if (isPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                return ValidateOptionsResult.Fail("Storage:ConnectionString is required with Storage:Provider 'postgres' (Host=...;Database=...;Username=...).");
            }

            try
            {
                var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
                return string.IsNullOrWhiteSpace(builder.Host) ? ValidateOptionsResult.Fail("Storage:ConnectionString must name a PostgreSQL host (Host=...).") : ValidateOptionsResult.Success;
            }
            catch (ArgumentException)
            {
                // The value itself is not echoed: a connection string may carry a password.
                return ValidateOptionsResult.Fail("Storage:ConnectionString is not a valid PostgreSQL connection string.");
            }
        }

        if (options.ConnectionString is { } connectionString)
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(connectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    return ValidateOptionsResult.Fail("Storage:ConnectionString must name a SQLite file (Data Source=...).");
                }
            }
            catch (ArgumentException)
            {
                // The value itself is not echoed: a connection string may carry a password.
                return ValidateOptionsResult.Fail("Storage:ConnectionString is not a valid SQLite connection string.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
