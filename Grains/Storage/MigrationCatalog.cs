using System.Globalization;
using System.Reflection;

namespace XaiRouter.Grains.Storage;

/// <summary>
/// The migrations shipped in this assembly for one dialect: resources named
/// <c>migrations/&lt;folder&gt;/NNNN_description.sql</c>, ordered by their number.
/// </summary>
internal static class MigrationCatalog
{
    public static IReadOnlyList<Migration> Load(StorageDialect dialect)
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var prefix = $"migrations/{dialect.MigrationFolder}/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..];
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_description.sql.");
            }

            migrations.Add(new Migration(version, name, ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations for {dialect.Provider} must be numbered 1, 2, 3 ... without gaps; found {migrations[i].Name}.");
            }
        }

        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
