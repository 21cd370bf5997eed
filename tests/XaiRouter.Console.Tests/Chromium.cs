namespace XaiRouter.Console.Tests;

/// <summary>
/// Debian's chromium, driven by the Node driver that ships inside the Microsoft.Playwright package: no browser is
/// downloaded (tests/servers.sh installs the chromium package with apt when it is missing).
/// </summary>
public static class Chromium
{
    /// <summary>Where Debian installs it; <c>XAI_CHROMIUM</c> overrides.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("XAI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"chromium not found at {ExecutablePath}: install Debian's chromium package (tests/servers.sh does) or set XAI_CHROMIUM.", ExecutablePath);
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // No sandbox (tests run as root), no GPU, and nothing that reaches outside the loopback on its own.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>Keeps the Playwright driver from ever fetching a browser build, even when asked to install one.</summary>
    public static void ForbidDownloads() => Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
}
