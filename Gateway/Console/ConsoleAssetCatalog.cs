using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace XaiRouter.Gateway.WebConsole;

/// <summary>
/// The console's files, read once from the Gateway assembly's embedded resources (logical names
/// <c>console/{path}</c>, see the csproj) and compressed once, so serving them touches no disk and no compressor.
/// </summary>
internal sealed class ConsoleAssetCatalog
{
    /// <summary>Prefix of the console's embedded resource names.</summary>
    public const string ResourcePrefix = "console/";

    private readonly Dictionary<string, ConsoleAsset> assets;

    private ConsoleAssetCatalog(Dictionary<string, ConsoleAsset> assets) => this.assets = assets;

    /// <summary>Every asset's path (relative to <c>/console/</c>), for tests and the size report.</summary>
    public IReadOnlyCollection<string> Paths => assets.Keys;

    /// <summary>Every asset.</summary>
    public IEnumerable<ConsoleAsset> All => assets.Values;

    /// <summary>Reads and compresses every embedded console file of the Gateway assembly.</summary>
    public static ConsoleAssetCatalog Load()
    {
        var assembly = typeof(ConsoleAssetCatalog).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                var path = name[ResourcePrefix.Length..].Replace('\\', '/');
                assets[path] = Build(path, Read(assembly, name));
            }
        }

        return new ConsoleAssetCatalog(assets);
    }

    public ConsoleAsset? Find(string path) => assets.GetValueOrDefault(path);

    private static ConsoleAsset Build(string path, byte[] identity)
    {
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(identity))[..32] + "\"";
        return new ConsoleAsset(path, ConsoleContentTypes.For(path), identity, Compress(identity, static s => new GZipStream(s, CompressionLevel.SmallestSize)),
            Compress(identity, static s => new BrotliStream(s, CompressionLevel.SmallestSize)), etag);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Compress(byte[] identity, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output))
        {
            compressing.Write(identity);
        }

        return output.ToArray();
    }
}
