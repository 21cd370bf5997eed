namespace XaiRouter.Gateway.Admin.Tests;

/// <summary>One xai-admin run: its exit code and everything it wrote.</summary>
public sealed record AdminRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout parsed as JSON (for runs with <c>--json</c>).</summary>
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>Asserts exit code 0 and an empty stderr, and returns this run.</summary>
    public AdminRun Succeeded()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Stderr}");
        Assert.Equal("", Stderr);
        return this;
    }

    /// <summary>Asserts exit code 1 with one line on stderr, no stack trace, and nothing on stdout.</summary>
    public string FailedWithOneLine()
    {
        Assert.Equal(1, ExitCode);
        var line = Assert.Single(Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
        Assert.StartsWith("xai-admin: ", line, StringComparison.Ordinal);
        return line;
    }
}
