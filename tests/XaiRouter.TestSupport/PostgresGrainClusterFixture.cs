using XaiRouter.Grains.Storage;

namespace XaiRouter.TestSupport;

/// <summary>
/// The grain test cluster on PostgreSQL: a fresh database on the server <c>test.sh</c> starts
/// (<c>XAI_TEST_POSTGRES</c>), so the same grain tests run against both storage providers.
/// </summary>
public sealed class PostgresGrainClusterFixture : GrainClusterFixture
{
    private protected override async Task<StorageDatabase> CreateDatabaseAsync() =>
        new(StorageDialect.Postgres, await TestServers.NewPostgresDatabaseAsync());
}
