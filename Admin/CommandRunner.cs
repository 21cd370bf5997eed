using XaiRouter.Admin.Output;

namespace XaiRouter.Admin;

/// <summary>Runs a command's body inside a cluster session, mapping every failure to one line and exit code 1.</summary>
internal sealed class CommandRunner(GlobalOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr)
{
    public async Task<int> RunAsync(ParseResult parse, Func<CommandContext, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            var settings = ClusterSession.ReadSettings(parse.GetValue(options.Config), parse.GetValue(options.DataDirectory));
            await using var session = await ClusterSession.ConnectAsync(settings, cancellationToken);
            var output = new AdminOutput(stdout, parse.GetValue(options.Json));
            return await body(new CommandContext(session, output, parse, options, stdin, stderr));
        }
        catch (AdminFailure failure)
        {
            await stderr.WriteLineAsync("xai-admin: " + failure.Message);
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("xai-admin: " + ErrorText.Of(exception));
            return ExitCodes.Failure;
        }
    }
}
