namespace XaiRouter.Console.Tests;

/// <summary>Where the page screenshots go for a reviewer: <c>$XAI_CONSOLE_SCREENSHOTS</c>, else TestResults/console at the repository root.</summary>
public static class ScreenshotFolder
{
    public static string Path { get; } = Environment.GetEnvironmentVariable("XAI_CONSOLE_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : System.IO.Path.Combine(RepositoryPaths.Root, "TestResults", "console");

    /// <summary>Saves a full-page PNG named <c>{name}.png</c> and returns its path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Path);
        var file = System.IO.Path.Combine(Path, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }
}
