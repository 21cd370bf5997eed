namespace XaiRouter.Grains.Storage;

/// <summary>What a migration run did.</summary>
/// <param name="SchemaVersion">The database's schema version after the run.</param>
/// <param name="Applied">The migrations this run applied; empty when the database was already current.</param>
internal sealed record MigrationResult(int SchemaVersion, IReadOnlyList<Migration> Applied);
