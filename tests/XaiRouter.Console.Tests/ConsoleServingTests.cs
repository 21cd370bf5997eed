namespace XaiRouter.Console.Tests;

/// <summary>How the Gateway serves the console: security headers, and what the first page costs.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleServingTests(ConsoleFixture fixture)
{
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/")]
    public async Task Console_Answer_CarriesTheSecurityHeaders(string path)
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };

        using var response = await client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(", ", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("same-origin", string.Join(", ", response.Headers.GetValues("Cross-Origin-Opener-Policy")));
        Assert.True(response.Headers.CacheControl?.NoCache, "index.html is revalidated on every load");
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Console_UnknownAsset_Is404WithTheSecurityHeaders()
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };

        using var response = await client.GetAsync("/console/js/no-such-module.js", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
    }

    /// <summary>
    /// A measurement printed to the test output, not a bound: the time from navigation start until the sign-in
    /// page is ready, and the bytes of the console's own files as they crossed the wire (compressed) and unpacked.
    /// </summary>
    [Fact]
    public async Task FirstPage_LoadTimeAndTransferredBytes_AreMeasured()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);

        await console.Page.GotoAsync("/console#/signin");
        // Polled every animation frame in the page: the first frame at which main is ready.
        var ready = await console.Page.WaitForFunctionAsync(
            "() => document.querySelector('main[data-ready=true]') ? performance.now() : 0");
        var readyMs = await ready.JsonValueAsync<double>();
        var entries = await console.Page.EvaluateAsync<JsonElement>("""
            () => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                .filter((e, i, all) => new URL(e.name).pathname.startsWith('/console') && all.findIndex(o => o.name === e.name) === i)
                .map(e => ({ name: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize }))
            """);

        var files = entries.EnumerateArray().ToList();
        var encoded = files.Sum(e => e.GetProperty("encoded").GetInt64());
        var decoded = files.Sum(e => e.GetProperty("decoded").GetInt64());
        var transferred = files.Sum(e => e.GetProperty("transfer").GetInt64());
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"Console first page ready after {readyMs:F0} ms (navigation start to main[data-ready=true], loopback, cold cache).");
        output.WriteLine($"Console files: {files.Count}, {encoded} bytes compressed ({transferred} with headers), {decoded} bytes unpacked.");
        foreach (var file in files)
        {
            output.WriteLine($"  {file.GetProperty("name").GetString()}: {file.GetProperty("encoded").GetInt64()} / {file.GetProperty("decoded").GetInt64()} bytes");
        }

        Assert.Contains(files, f => f.GetProperty("name").GetString()!.EndsWith(".js", StringComparison.Ordinal));
        Assert.True(readyMs > 0);
        Assert.True(encoded > 0 && encoded <= decoded, $"compressed {encoded} of {decoded} bytes");
    }
}
