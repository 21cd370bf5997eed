namespace XaiRouter.Grains.Storage;

/// <summary>One versioned migration script, read from the assembly's resources.</summary>
/// <param name="Version">The schema version the script brings the database to.</param>
/// <param name="Name">The file name, for the migration table and logs.</param>
/// <param name="Sql">The statements.</param>
internal sealed record Migration(int Version, string Name, string Sql);
