using Microsoft.Net.Http.Headers;

namespace XaiRouter.Gateway.WebConsole;

/// <summary>
/// The headers on every <c>/console</c> answer, a 404 included. The policy allows only the console's own files: no
/// inline script or style, no other origin to load from or send to, and no framing (clickjacking).
/// </summary>
internal static class ConsoleHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Sets the security headers; the dashboard passes its own <paramref name="contentSecurityPolicy"/>.</summary>
    public static void ApplySecurity(HttpResponse response, string contentSecurityPolicy = ContentSecurityPolicy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    /// <summary>
    /// File names carry no version, so every answer is revalidated (<c>no-cache</c>): after an upgrade the browser
    /// never mixes old and new modules, and an unchanged file costs a 304.
    /// </summary>
    public static void ApplyCaching(HttpResponse response, ConsoleAsset asset)
    {
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
    }
}
