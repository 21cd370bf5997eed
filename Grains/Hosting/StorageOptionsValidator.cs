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
            // Cluster mode's PostgreSQL migrations arrive with the cluster issue (#9); refuse rather than half-start.
            return ValidateOptionsResult.Fail("Storage:Provider 'postgres' is not available in this build yet; use 'sqlite'.");
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
