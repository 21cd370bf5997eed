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
        Database = new StorageDatabase(StorageDialect.Sqlite, $"Data Source={_directory.Combine("grains.db")}");
    }

    internal StorageDatabase Database { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(_silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddXaiRouterGrains(Database));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _directory.Dispose();
    }
}
