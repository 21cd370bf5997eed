using System.IO.Compression;
using System.Net.Http.Headers;

namespace XaiRouter.Gateway.WebConsole.Tests;

/// <summary><c>/console</c> on the real Gateway: index, every asset, encodings, ETags, 404s and the security headers.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleServingTests(GatewayFactory factory)
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly ConsoleAssetCatalog Catalog = ConsoleAssetCatalog.Load();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string> AssetPaths => [.. ConsoleAssetCatalog.Load().Paths];

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/")]
    public async Task Index_IsServedAtConsole_UncachedWithoutRevalidation(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var html = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("<script type=\"module\" src=\"/console/js/app.js\"></script>", html, StringComparison.Ordinal);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public void Catalog_HoldsTheAppAndEveryPage()
    {
        string[] expected = ["index.html", "console.css", "favicon.svg", "js/app.js", "js/api.js", "js/session.js", "js/dom.js", "js/charts.js",
            "js/pages/signin.js", "js/pages/overview.js", "js/pages/usage.js", "js/pages/requests.js", "js/pages/keys.js", "js/pages/provider-keys.js",
            "js/pages/pools.js", "js/pages/prices.js", "js/pages/settings.js", "js/pages/tenants.js", "js/pages/spend.js", "js/pages/nodes.js"];

        Assert.All(expected, path => Assert.Contains(path, Catalog.Paths));
    }

    [Theory]
    [MemberData(nameof(AssetPaths))]
    public async Task EveryAsset_IsServedWithItsContentTypeAndHeaders(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/console/" + path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expectedType = Path.GetExtension(path) switch
        {
            ".html" => "text/html",
            ".css" => "text/css",
            ".js" => "text/javascript",
            ".svg" => "image/svg+xml",
            _ => throw new InvalidOperationException($"no expected content type for {path}: add one"),
        };
        Assert.Equal(expectedType, response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentEncoding.FirstOrDefault());
        Assert.Equal(Catalog.Find(path)!.Identity, await response.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal(Catalog.Find(path)!.ETag, response.Headers.ETag?.ToString());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, br;q=0", "gzip")]
    [InlineData("*", "br")]
    [InlineData("deflate", null)]
    [InlineData("identity", null)]
    public async Task Encoding_FollowsAcceptEncoding(string acceptEncoding, string? expected)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/js/app.js");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var body = await response.Content.ReadAsByteArrayAsync(Cancellation);
        Assert.Equal(Catalog.Find("js/app.js")!.Identity, Decode(body, expected));
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task IfNoneMatch_WithTheAssetsETag_Is304WithoutBody()
    {
        using var client = factory.CreateClient();
        using var first = await client.GetAsync("/console/console.css", Cancellation);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/console.css");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task IfNoneMatch_WithAnotherETag_IsTheFile()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/console.css");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-older-version\""));

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Catalog.Find("console.css")!.Identity, await response.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Theory]
    [InlineData("/console/missing.js")]
    [InlineData("/console/js/")]
    [InlineData("/console/js/pages/admin.js")]
    [InlineData("/console/Index.html")]
    [InlineData("/console/index.html.br")]
    public async Task UnknownAsset_Is404WithTheSecurityHeaders(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Head_AnswersTheHeadersWithoutBody()
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/console"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Catalog.Find("index.html")!.Identity.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancellation));
        AssertSecurityHeaders(response);
    }

    private static byte[] Decode(byte[] body, string? encoding)
    {
        if (encoding is null)
        {
            return body;
        }

        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(Policy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(", ", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("same-origin", string.Join(", ", response.Headers.GetValues("Cross-Origin-Opener-Policy")));
    }
}
