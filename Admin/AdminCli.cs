using XaiRouter.Admin.Commands;

namespace XaiRouter.Admin;

/// <summary>
/// The command tree and how a command runs: parse (exit 2 on a bad command line), join the cluster, run, print a table
/// or JSON; any failure is one line on stderr and exit 1, never a stack trace.
/// </summary>
internal static class AdminCli
{
    /// <summary>Runs one command line; the entry point of the executable and of in-process tests.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where answers go.</param>
    /// <param name="stderr">Where errors and confirmation questions go.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <param name="stdin">Where confirmations are read from (default: the console).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, TextReader? stdin = null)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("xai-admin: the XaiRouter operator's tool. Joins the cluster as an Orleans client; metadata only, never a secret.");
        options.AddTo(root);
        var runner = new CommandRunner(options, stdin ?? Console.In, stdout, stderr);
        foreach (var command in CommandTree.Build(runner))
        {
            root.Add(command);
        }

        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message);
            }

            await stderr.WriteLineAsync("Run 'xai-admin --help' for the commands and options.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(invocation, cancellationToken);
    }
}
