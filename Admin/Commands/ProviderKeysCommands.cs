using XaiRouter.Admin.Output;

namespace XaiRouter.Admin.Commands;

/// <summary><c>provider-keys list &lt;tenant&gt;</c>: the tenant's upstream keys' metadata and health.</summary>
internal static class ProviderKeysCommands
{
    public static Command Build(CommandRunner runner)
    {
        var tenant = CommandTree.TenantArgument();
        return CommandTree.Group("provider-keys", "A tenant's provider keys (metadata and health, never the key).",
            CommandTree.Leaf("list", "Lists the tenant's provider keys with their circuit state.", runner,
                context => ListAsync(context, context.Parse.GetRequiredValue(tenant)), tenant));
    }

    private static async Task<int> ListAsync(CommandContext context, string idOrName)
    {
        var tenant = await context.TenantAsync(idOrName);
        var keys = await ProviderKeyReader.ReadAsync(context.Grains, await TenantResolver.VaultAsync(context.Grains, tenant));
        await context.Output.WriteAsync(keys, static rows =>
        {
            var table = new TextTable("ID", "NAME", "PROVIDER", "BASE URL", "MODELS", "POOL", "PRIORITY", "WEIGHT", "STATE", "ERROR RATE", "LATENCY MS");
            foreach (var k in rows)
            {
                table.Add(k.Id, k.Name, k.Provider.ToString(), k.BaseUrl, Cells.List(k.Models), $"{k.Pool}@{k.PoolVersion}", Cells.Number(k.Priority),
                    Cells.Number(k.Weight), HealthCommand.StateName(k.Health.State), Cells.Number(k.Health.ErrorRate), Cells.Number(k.Health.LatencyMs, "0"));
            }

            return table;
        });
        return ExitCodes.Success;
    }
}
