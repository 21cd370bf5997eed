using XaiRouter.Admin.Output;
using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Admin.Commands;

/// <summary><c>cache stats</c>: every Gateway's record and provider key caches (sizes and counters).</summary>
internal static class CacheCommands
{
    public static Command Build(CommandRunner runner) => CommandTree.Group("cache", "The Gateways' caches of grain records.",
        CommandTree.Leaf("stats", "Shows each Gateway's record cache and provider key cache counters (one answer per node).", runner, StatsAsync));

    private static async Task<int> StatsAsync(CommandContext context)
    {
        var answers = await context.Grains.GetGrain<INodeAgentRegistryGrain>(GrainKeys.NodeAgents).GetCacheStatsAsync();
        NodeAnswers.ThrowIfNone(answers);
        await context.Output.WriteAsync(answers, static rows =>
        {
            var table = new TextTable("NODE", "KEYS", "UNKNOWN IDS", "VAULTS", "KEY LOOKUPS", "GRAIN READS", "HIT RATIO", "GENERATION",
                "PK TENANTS", "PROVIDER KEYS", "PK READS", "ERROR");
            foreach (var a in rows)
            {
                if (a.Value is { } s)
                {
                    table.Add(a.Node, Cells.Number(s.AccessKeys), Cells.Number(s.UnknownKeyIds), Cells.Number(s.Vaults), Cells.Number(s.KeyLookups),
                        Cells.Number(s.KeyGrainReads), Cells.Number(s.KeyHitRatio, "0.###"), Cells.Number(s.Generation), Cells.Number(s.ProviderKeyTenants),
                        Cells.Number(s.ProviderKeys), Cells.Number(s.ProviderKeyReads), null);
                }
                else
                {
                    table.Add(a.Node, null, null, null, null, null, null, null, null, null, null, a.Error);
                }
            }

            return table;
        });
        return answers.All(static a => a.Error is null) ? ExitCodes.Success : ExitCodes.Failure;
    }
}
