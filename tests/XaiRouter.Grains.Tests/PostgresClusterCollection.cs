namespace XaiRouter.Grains.Tests;

/// <summary>Grain test classes that run against PostgreSQL share one test cluster on one fresh database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresGrainClusterFixture>
{
    public const string Name = "grain cluster on postgres";
}
