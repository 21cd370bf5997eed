using Orleans.TestingHost;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.TestSupport;

/// <summary>
/// One Orleans test cluster per test collection, with the real grain registration and the real ADO.NET grain
/// storage on a SQLite file of its own. Tests use fresh grain keys.
/// </summary>
public class GrainClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly short _silos;

    public GrainClusterFixture()
        : this(1)
    {
    }

    protected GrainClusterFixture(short silos)
    {
        _silos = silos;
    }

    internal StorageDatabase Database { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        var builder = new InProcessTestClusterBuilder(_silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddXaiRouterGrains(Database));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The database the cluster stores in: a SQLite file of its own unless a subclass says otherwise.</summary>
    private protected virtual Task<StorageDatabase> CreateDatabaseAsync() =>
        Task.FromResult(new StorageDatabase(StorageDialect.Sqlite, $"Data Source={_directory.Combine("grains.db")}"));

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _directory.Dispose();
    }
}
