namespace XaiRouter.Gateway.WebConsole;

/// <summary>Content types of the console's file kinds (with <c>nosniff</c>, the browser trusts only these).</summary>
internal static class ConsoleContentTypes
{
    public static string For(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        ".md" => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    };
}
