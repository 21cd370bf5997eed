namespace XaiRouter.Admin.Commands;

/// <summary>Every command of xai-admin (README, "xai-admin").</summary>
internal static class CommandTree
{
    public static IEnumerable<Command> Build(CommandRunner runner) =>
    [
        ClusterCommands.Build(runner),
        TenantCommands.Build(runner),
        KeysCommands.Build(runner),
        ProviderKeysCommands.Build(runner),
        LimitsCommands.Build(runner),
        UsageCommand.Build(runner),
        HealthCommand.Build(runner),
        LedgerCommands.Build(runner),
        CacheCommands.Build(runner),
    ];

    /// <summary>A command whose action runs <paramref name="body"/> in a cluster session.</summary>
    public static Command Leaf(string name, string description, CommandRunner runner, Func<CommandContext, Task<int>> body, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Add(argument);
                    break;
                case Option option:
                    command.Add(option);
                    break;
            }
        }

        command.SetAction((parse, cancellationToken) => runner.RunAsync(parse, body, cancellationToken));
        return command;
    }

    /// <summary>A group of commands (<c>cluster</c>, <c>tenants</c>...).</summary>
    public static Command Group(string name, string description, params Command[] children)
    {
        var command = new Command(name, description);
        foreach (var child in children)
        {
            command.Add(child);
        }

        return command;
    }

    /// <summary>The <c>&lt;tenant&gt;</c> argument: an id or a name.</summary>
    public static Argument<string> TenantArgument() => new("tenant") { Description = "The tenant's id or name." };
}
