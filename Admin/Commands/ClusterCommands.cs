using XaiRouter.Admin.Output;
using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Admin.Commands;

/// <summary><c>cluster nodes</c> and <c>cluster grains</c>, read through the management grain.</summary>
internal static class ClusterCommands
{
    public static Command Build(CommandRunner runner) => CommandTree.Group("cluster", "The cluster's nodes and grain activations.",
        CommandTree.Leaf("nodes", "Lists the silos: address, role (Gateway or Silo), status, start time, activations.", runner, NodesAsync),
        CommandTree.Leaf("grains", "Counts activations by grain type and silo.", runner, GrainsAsync));

    private static async Task<int> NodesAsync(CommandContext context)
    {
        var nodes = await ClusterNodes.ReadAsync(context.Grains);
        var activations = await ActivationsAsync(context.Grains);
        var gateways = (await context.Grains.GetGrain<INodeAgentRegistryGrain>(GrainKeys.NodeAgents).ListAsync()).ToHashSet(StringComparer.Ordinal);
        var views = nodes.Select(n => new NodeView(n.Address, n.SiloName, n.HostName, RoleOf(n, gateways), n.Status, n.StartedAt,
            activations.TryGetValue(n.Address, out var count) ? count : null)).ToList();
        await context.Output.WriteAsync(views, static rows =>
        {
            var table = new TextTable("ADDRESS", "NAME", "HOST", "ROLE", "STATUS", "STARTED", "ACTIVATIONS");
            foreach (var n in rows)
            {
                table.Add(n.Address, n.SiloName, n.HostName, n.Role, n.Status, Cells.Time(n.StartedAt), n.Activations is { } a ? Cells.Number(a) : "-");
            }

            return table;
        });
        return ExitCodes.Success;
    }

    private static async Task<int> GrainsAsync(CommandContext context)
    {
        var statistics = await context.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var views = statistics
            .Select(static s => new GrainActivationsView(s.GrainType, s.SiloAddress.ToParsableString(), s.ActivationCount))
            .OrderBy(static v => v.Silo, StringComparer.Ordinal).ThenBy(static v => v.GrainType, StringComparer.Ordinal)
            .ToList();
        await context.Output.WriteAsync(views, static rows =>
        {
            var table = new TextTable("SILO", "GRAIN TYPE", "ACTIVATIONS");
            foreach (var v in rows)
            {
                table.Add(v.Silo, v.GrainType, Cells.Number(v.Activations));
            }

            return table;
        });
        return ExitCodes.Success;
    }

    /// <summary>Each active silo's activation count, by address (a silo that does not answer has none).</summary>
    private static async Task<Dictionary<string, int>> ActivationsAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var silos = hosts.Keys.ToArray();
        if (silos.Length == 0)
        {
            return [];
        }

        var statistics = await management.GetRuntimeStatistics(silos);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < silos.Length; i++)
        {
            counts[silos[i].ToParsableString()] = statistics[i].ActivationCount;
        }

        return counts;
    }

    /// <summary>
    /// A Gateway is a node whose agent is registered (<see cref="INodeAgentRegistryGrain"/>) or whose program Orleans
    /// records as XaiRouter.Gateway; any other node is a headless Silo.
    /// </summary>
    private static string RoleOf(ClusterNode node, HashSet<string> gateways) =>
        gateways.Contains(node.Address) || node.Role.Contains("Gateway", StringComparison.OrdinalIgnoreCase) ? "Gateway" : "Silo";
}
