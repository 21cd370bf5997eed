namespace XaiRouter.Grains.Storage;

/// <summary>The grain storage database did not answer within <c>Storage:StartupTimeout</c>.</summary>
public sealed class StorageUnavailableException(StorageProvider provider, TimeSpan waited, string reason)
    : Exception($"Grain storage ({provider}) did not answer within {waited.TotalSeconds:0} s ({reason}); check Storage:ConnectionString and that the database is running.");
