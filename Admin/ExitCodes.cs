namespace XaiRouter.Admin;

/// <summary>xai-admin's exit codes (README, "xai-admin").</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed: cluster unreachable, wrong settings, unknown tenant... (one line on stderr).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown command or option, missing or malformed argument).</summary>
    public const int Usage = 2;
}
