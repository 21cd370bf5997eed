namespace XaiRouter.Admin;

/// <summary>A failure the operator can act on: its message is printed as one line on stderr and the exit code is 1.</summary>
internal sealed class AdminFailure(string message) : Exception(message);
