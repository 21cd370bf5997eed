using System.Text;
using System.Text.RegularExpressions;

namespace XaiRouter.Gateway.WebConsole.Tests;

/// <summary>
/// The console's files themselves: nothing inline for the CSP to refuse, no API that parses data as HTML or code, and
/// the size kept small (the issue's goal: under 250 KB compressed).
/// </summary>
public sealed partial class ConsoleAssetScanTests
{
    private static readonly ConsoleAssetCatalog Catalog = ConsoleAssetCatalog.Load();

    private static string Text(string path) => Encoding.UTF8.GetString(Catalog.Find(path)!.Identity);

    public static TheoryData<string> ScriptPaths => [.. ConsoleAssetCatalog.Load().Paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal))];

    public static TheoryData<string> MarkupPaths => [.. ConsoleAssetCatalog.Load().Paths.Where(p => p.EndsWith(".html", StringComparison.Ordinal) || p.EndsWith(".svg", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(MarkupPaths))]
    public void Markup_HasNoInlineScriptStyleOrHandler(string path)
    {
        var markup = Text(path);

        Assert.Empty(InlineScript().Matches(markup));
        Assert.Empty(StyleElementOrAttribute().Matches(markup));
        Assert.Empty(EventHandlerAttribute().Matches(markup));
        Assert.DoesNotContain("javascript:", markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Index_LoadsOnlyItsOwnFiles()
    {
        var sources = ExternalReference().Matches(Text("index.html")).Select(m => m.Groups["url"].Value).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, url => Assert.StartsWith("/console/", url, StringComparison.Ordinal));
        Assert.All(sources, url => Assert.NotNull(Catalog.Find(url["/console/".Length..])));
    }

    [Theory]
    [MemberData(nameof(ScriptPaths))]
    public void Script_NeverParsesDataAsHtmlOrCode(string path)
    {
        var script = Text(path);

        Assert.Empty(DangerousSink().Matches(script));
    }

    [Fact]
    public void Scan_FindsWhatItLooksFor()
    {
        // The patterns above would pass vacuously if they matched nothing at all: check each on a bad sample.
        Assert.Single(InlineScript().Matches("<script>alert(1)</script><script src=\"/console/a.js\"></script>"));
        Assert.Single(StyleElementOrAttribute().Matches("<p style=\"color:red\">"));
        Assert.Single(EventHandlerAttribute().Matches("<img src=x onerror=alert(1)>"));
        Assert.Equal(6, DangerousSink().Matches("a.innerHTML = x; b.outerHTML=y; c.insertAdjacentHTML('x', y); document.write(z); eval(s); e.setAttribute('style', v)").Count);
    }

    [Fact]
    public void Assets_StayFarUnderTheSizeGoal()
    {
        var brotli = Catalog.All.Sum(a => a.Brotli.Length);
        var gzip = Catalog.All.Sum(a => a.Gzip.Length);

        TestContext.Current.SendDiagnosticMessage($"console assets: {Catalog.All.Sum(a => a.Identity.Length)} bytes, {gzip} gzip, {brotli} brotli");
        Assert.True(gzip < 250 * 1024, $"{gzip} bytes gzip");
    }

    [GeneratedRegex(@"<script\b(?![^>]*\bsrc\s*=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style\b|\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElementOrAttribute();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex(@"\b(?:src|href)\s*=\s*""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex(@"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\s*\(|new\s+Function\s*\(|setAttribute\(\s*['""]style['""]")]
    private static partial Regex DangerousSink();
}
