using XaiRouter.Admin.Output;
using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Admin.Commands;

/// <summary><c>tenants list|show|disable|enable|move-home</c>: metadata, never a key.</summary>
internal static class TenantCommands
{
    public static Command Build(CommandRunner runner)
    {
        var show = CommandTree.TenantArgument();
        var disable = CommandTree.TenantArgument();
        var enable = CommandTree.TenantArgument();
        return CommandTree.Group("tenants", "Tenants' metadata and status.",
            CommandTree.Leaf("list", "Lists every tenant.", runner, ListAsync),
            CommandTree.Leaf("show", "Shows a tenant's metadata, pools and counts of keys.", runner, context => ShowAsync(context, context.Parse.GetRequiredValue(show)), show),
            CommandTree.Leaf("disable", "Disables a tenant: its keys stop working.", runner,
                context => SetStatusAsync(context, context.Parse.GetRequiredValue(disable), TenantStatus.Disabled), disable),
            CommandTree.Leaf("enable", "Enables a disabled tenant.", runner,
                context => SetStatusAsync(context, context.Parse.GetRequiredValue(enable), TenantStatus.Active), enable),
            MoveHomeCommand.Build(runner));
    }

    private static async Task<int> ListAsync(CommandContext context)
    {
        var tenants = await context.Grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory).ListTenantsAsync();
        await context.Output.WriteAsync(tenants.Select(TenantView.From).ToList(), Table);
        return ExitCodes.Success;
    }

    private static async Task<int> ShowAsync(CommandContext context, string idOrName)
    {
        var tenant = await context.TenantAsync(idOrName);
        var vault = await TenantResolver.VaultAsync(context.Grains, tenant);
        await context.Output.WriteAsync(TenantDetailView.From(tenant, vault), static t => new TextTable("FIELD", "VALUE")
            .Add("id", t.Id)
            .Add("name", t.Name)
            .Add("status", t.Status.ToString())
            .Add("claimed", Cells.YesNo(t.Claimed))
            .Add("created_at", Cells.Time(t.CreatedAt))
            .Add("root_key_id", t.RootKeyId)
            .Add("has_passphrase", Cells.YesNo(t.HasPassphrase))
            .Add("pools", Cells.List(t.Pools.Select(static p => $"{p.Key}@{p.Value}")))
            .Add("sub_keys", Cells.Number(t.SubKeys))
            .Add("sessions", Cells.Number(t.Sessions))
            .Add("provider_keys", Cells.Number(t.ProviderKeys))
            .Add("routing_strategy", t.RoutingStrategy)
            .Add("model_aliases", Cells.Number(t.ModelAliases))
            .Add("own_prices", Cells.Number(t.OwnPrices))
            .Add("allow_unpriced_models", Cells.YesNo(t.AllowUnpricedModels)));
        return ExitCodes.Success;
    }

    private static async Task<int> SetStatusAsync(CommandContext context, string idOrName, TenantStatus status)
    {
        var tenant = await context.TenantAsync(idOrName);
        var updated = await context.Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).SetStatusAsync(status)
            ?? throw new AdminFailure($"Unknown tenant '{idOrName}'.");
        await context.Output.WriteAsync<List<TenantView>>([TenantView.From(updated)], Table);
        return ExitCodes.Success;
    }

    private static TextTable Table(List<TenantView> tenants)
    {
        var table = new TextTable("ID", "NAME", "STATUS", "CLAIMED", "CREATED");
        foreach (var t in tenants)
        {
            table.Add(t.Id, t.Name, t.Status.ToString(), Cells.YesNo(t.Claimed), Cells.Time(t.CreatedAt));
        }

        return table;
    }
}
