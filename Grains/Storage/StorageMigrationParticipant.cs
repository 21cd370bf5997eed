using Microsoft.Extensions.Logging;

namespace XaiRouter.Grains.Storage;

/// <summary>
/// Runs the migrations when the silo starts, before the ADO.NET grain storage reads its queries from the
/// database (that happens at <see cref="ServiceLifecycleStage.ApplicationServices"/>).
/// </summary>
internal sealed partial class StorageMigrationParticipant(StorageMigrator migrator, ILogger<StorageMigrationParticipant> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageMigrationParticipant), ServiceLifecycleStage.RuntimeInitialize, MigrateAsync);

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await migrator.MigrateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            LogMigrationFailed(logger, exception);
            throw;
        }
    }

    [LoggerMessage(EventId = EventIds.MigrationFailed, EventName = nameof(EventIds.MigrationFailed), Level = LogLevel.Critical,
        Message = "Grain storage migration failed; the silo will not start")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception);
}
