using Npgsql;

namespace XaiRouter.TestSupport;

/// <summary>
/// The Redis and PostgreSQL servers that <c>test.sh</c> starts on loopback for the cluster tests
/// (<c>XAI_TEST_REDIS</c>, <c>XAI_TEST_POSTGRES</c>). Each cluster gets its own Redis database and PostgreSQL
/// database, so clusters of different tests never meet.
/// </summary>
public static class TestServers
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> NextRedisDatabase = new(StringComparer.Ordinal);

    public static string Redis => Environment.GetEnvironmentVariable("XAI_TEST_REDIS")
        ?? throw new InvalidOperationException("XAI_TEST_REDIS is not set: run the tests with ./test.sh, which starts Redis and PostgreSQL.");

    public static string Postgres => Environment.GetEnvironmentVariable("XAI_TEST_POSTGRES")
        ?? throw new InvalidOperationException("XAI_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts Redis and PostgreSQL.");

    /// <summary>A second Redis (<c>XAI_TEST_REDIS_B</c>), standing for another region's.</summary>
    public static string RedisB => Environment.GetEnvironmentVariable("XAI_TEST_REDIS_B")
        ?? throw new InvalidOperationException("XAI_TEST_REDIS_B is not set: run the tests with ./test.sh, which starts both regions' servers.");

    /// <summary>A second PostgreSQL instance (<c>XAI_TEST_POSTGRES_B</c>), standing for another region's; both run with wal_level=logical.</summary>
    public static string PostgresB => Environment.GetEnvironmentVariable("XAI_TEST_POSTGRES_B")
        ?? throw new InvalidOperationException("XAI_TEST_POSTGRES_B is not set: run the tests with ./test.sh, which starts both regions' servers.");

    public static int RedisPort => int.Parse(Redis.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A Redis configuration string for a database no other cluster of this run uses.</summary>
    public static string NewRedisDatabase() => NewRedisDatabase(Redis);

    /// <summary>
    /// A Redis configuration string for a database of <paramref name="server"/> (e.g. <see cref="RedisB"/>) no other
    /// cluster of this run uses: numbered 1 to 15 per server (a cluster named by port alone uses database 0), so that
    /// two clusters of the same service id never share a membership table.
    /// </summary>
    public static string NewRedisDatabase(string server)
    {
        var next = NextRedisDatabase.AddOrUpdate(server, 1, static (_, last) => last + 1);
        if (next > 15)
        {
            throw new InvalidOperationException($"More than 15 Redis clusters on {server} in one test run: they would share a database.");
        }

        // Emptied first: an earlier test process (another test project) may have left a cluster's membership rows
        // there, whose silos would be listed as active until declared dead.
        using (var redis = StackExchange.Redis.ConnectionMultiplexer.Connect($"{server},allowAdmin=true"))
        {
            redis.GetServer(redis.GetEndPoints()[0]).FlushDatabase(next);
        }

        return $"{server},defaultDatabase={next}";
    }

    /// <summary>Creates an empty PostgreSQL database and returns its connection string.</summary>
    public static Task<string> NewPostgresDatabaseAsync() => NewPostgresDatabaseAsync(Postgres);

    /// <summary>Creates an empty database on the PostgreSQL instance <paramref name="server"/> (e.g. <see cref="PostgresB"/>) and returns its connection string.</summary>
    public static async Task<string> NewPostgresDatabaseAsync(string server)
    {
        var name = "xai_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
