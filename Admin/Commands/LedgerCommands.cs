using XaiRouter.Admin.Output;
using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Admin.Commands;

/// <summary><c>ledger flush</c>: every Gateway sends its queued usage records to the ledgers now.</summary>
internal static class LedgerCommands
{
    /// <summary>How long each node waits for its queue to drain.</summary>
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(20);

    public static Command Build(CommandRunner runner) => CommandTree.Group("ledger", "The Gateways' usage queues.",
        CommandTree.Leaf("flush", "Makes every Gateway send its queued usage records to the ledgers and wait for them (one answer per node).", runner, FlushAsync));

    private static async Task<int> FlushAsync(CommandContext context)
    {
        var answers = await context.Grains.GetGrain<INodeAgentRegistryGrain>(GrainKeys.NodeAgents).FlushLedgersAsync(FlushTimeout);
        NodeAnswers.ThrowIfNone(answers);
        await context.Output.WriteAsync(answers, static rows =>
        {
            var table = new TextTable("NODE", "PENDING BEFORE", "PENDING AFTER", "DRAINED", "ERROR");
            foreach (var a in rows)
            {
                table.Add(a.Node, a.Value is { } v ? Cells.Number(v.PendingBefore) : null, a.Value is { } w ? Cells.Number(w.PendingAfter) : null,
                    a.Value is { } d ? Cells.YesNo(d.Drained) : null, a.Error);
            }

            return table;
        });
        return answers.All(static a => a.Value is { Drained: true }) ? ExitCodes.Success : ExitCodes.Failure;
    }
}
