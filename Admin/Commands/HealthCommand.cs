using System.Text.Json;
using XaiRouter.Admin.Output;
using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Health;

namespace XaiRouter.Admin.Commands;

/// <summary><c>health &lt;tenant&gt;</c>: each provider key's circuit, cooldown and latency, and its models' own circuits.</summary>
internal static class HealthCommand
{
    public static Command Build(CommandRunner runner)
    {
        var tenant = CommandTree.TenantArgument();
        return CommandTree.Leaf("health", "Shows the circuit state, cooldown and latency of each of the tenant's provider keys (and models).", runner,
            context => ShowAsync(context, context.Parse.GetRequiredValue(tenant)), tenant);
    }

    /// <summary>The state as the API names it (<c>healthy</c>, <c>open</c>, <c>half_open</c>, <c>cooldown</c>, <c>misconfigured</c>).</summary>
    public static string StateName(CircuitState state) => JsonSerializer.Serialize(state).Trim('"');

    private static async Task<int> ShowAsync(CommandContext context, string idOrName)
    {
        var tenant = await context.TenantAsync(idOrName);
        var keys = await ProviderKeyReader.ReadAsync(context.Grains, await TenantResolver.VaultAsync(context.Grains, tenant));
        var views = keys.Select(static k => new ProviderKeyHealthView(k.Id, k.Name, k.Health)).ToList();
        await context.Output.WriteAsync(views, static rows =>
        {
            var table = new TextTable("PROVIDER KEY", "NAME", "MODEL", "STATE", "ERROR RATE", "LATENCY MS", "FAILURES", "COOLDOWN UNTIL");
            foreach (var k in rows)
            {
                Add(table, k.ProviderKeyId, k.Name, "*", k.Health);
                foreach (var (model, health) in k.Health.Models ?? ImmutableSortedDictionary<string, HealthView>.Empty)
                {
                    Add(table, k.ProviderKeyId, k.Name, model, health);
                }
            }

            return table;
        });
        return ExitCodes.Success;
    }

    private static void Add(TextTable table, string id, string name, string model, HealthView health) =>
        table.Add(id, name, model, StateName(health.State), Cells.Number(health.ErrorRate), Cells.Number(health.LatencyMs, "0"),
            Cells.Number(health.ConsecutiveFailures), health.CooldownUntil is null ? "-" : Cells.Time(health.CooldownUntil));
}
