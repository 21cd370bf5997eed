namespace XaiRouter.Grains;

/// <summary>Log event ids of this assembly, allocated in one place (1000-1999).</summary>
internal static class EventIds
{
    public const int MigrationApplied = 1001;
    public const int SchemaCurrent = 1002;
    public const int MigrationFailed = 1003;
    public const int StorageUnreachable = 1004;
}
