namespace XaiRouter.Gateway.WebConsole;

/// <summary>
/// One console file, held in memory as it is and precompressed (brotli and gzip), with its strong ETag: the bytes
/// never change while the process runs, so compressing once at start-up costs nothing per request.
/// </summary>
internal sealed record ConsoleAsset(string Path, string ContentType, byte[] Identity, byte[] Gzip, byte[] Brotli, string ETag)
{
    /// <summary>The bytes to send for <paramref name="encoding"/> (<c>br</c>, <c>gzip</c> or null for none).</summary>
    public byte[] Body(string? encoding) => encoding switch
    {
        "br" => Brotli,
        "gzip" => Gzip,
        _ => Identity,
    };
}
