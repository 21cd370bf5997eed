namespace XaiRouter.Admin;

/// <summary>xai-admin: the operator's view inside the cluster, as an Orleans client (README, "xai-admin").</summary>
internal static class Program
{
    // A named class rather than top-level statements: tests reference this assembly beside the Gateway's Program.
    public static Task<int> Main(string[] args) => AdminCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}
