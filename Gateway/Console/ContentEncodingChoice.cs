using Microsoft.Net.Http.Headers;

namespace XaiRouter.Gateway.WebConsole;

/// <summary>Picks the encoding of a console answer from <c>Accept-Encoding</c>: brotli, else gzip, else none.</summary>
internal static class ContentEncodingChoice
{
    public static string? Choose(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var offered))
        {
            return null;
        }

        if (Accepts(offered, "br"))
        {
            return "br";
        }

        return Accepts(offered, "gzip") ? "gzip" : null;
    }

    /// <summary>Named with a quality above 0 (<c>br;q=0</c> refuses it), or allowed by a <c>*</c> that is not refused.</summary>
    private static bool Accepts(IList<StringWithQualityHeaderValue> offered, string encoding)
    {
        var named = offered.FirstOrDefault(o => string.Equals(o.Value.Value, encoding, StringComparison.OrdinalIgnoreCase));
        if (named is not null)
        {
            return named.Quality is not 0;
        }

        var any = offered.FirstOrDefault(o => o.Value.Value == "*");
        return any is not null && any.Quality is not 0;
    }
}
