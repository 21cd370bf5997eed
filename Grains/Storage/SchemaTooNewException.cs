namespace XaiRouter.Grains.Storage;

/// <summary>The database was written by a newer XaiRouter than this one; starting would risk its data.</summary>
public sealed class SchemaTooNewException(int databaseVersion, int knownVersion)
    : Exception($"The grain storage database has schema version {databaseVersion}, but this XaiRouter build knows only up to version {knownVersion}. " +
                "It was written by a newer XaiRouter: run that version, or point Storage:ConnectionString (or DataDirectory) at another database.")
{
    public int DatabaseVersion { get; } = databaseVersion;

    public int KnownVersion { get; } = knownVersion;
}
