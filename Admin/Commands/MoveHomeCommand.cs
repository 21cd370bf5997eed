using XaiRouter.Admin.Output;
using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Regions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Admin.Commands;

/// <summary>
/// <c>tenants move-home &lt;tenant&gt; [--force]</c>: makes the cluster this tool joins the tenant's home region, when
/// its home region is gone for good (README, "Moving a tenant's home (runbook)"). Without <c>--force</c> it refuses
/// while the old home's database still streams to this region: its subscription's last message is younger than
/// <see cref="AliveWithin"/>. (The Gateway's route asks the old home's Gateways instead; this tool speaks to the
/// cluster only.)
/// </summary>
internal static class MoveHomeCommand
{
    /// <summary>
    /// A live publisher is heard from at least every half <c>wal_receiver_timeout</c> (60 s by default: the apply
    /// worker asks for a keep-alive at 30 s of silence), so three such intervals of silence mean it is gone.
    /// </summary>
    public static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(90);

    public static Command Build(CommandRunner runner)
    {
        var tenant = CommandTree.TenantArgument();
        var force = new Option<bool>("--force") { Description = "Move it even while the old home region's database still streams here." };
        return CommandTree.Leaf("move-home", "Makes this cluster's region the tenant's home (its home region is gone for good).", runner,
            context => MoveAsync(context, context.Parse.GetRequiredValue(tenant), context.Parse.GetValue(force)), tenant, force);
    }

    private static async Task<int> MoveAsync(CommandContext context, string idOrName, bool force)
    {
        var info = await context.TenantAsync(idOrName);
        var tenant = context.Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(info.Id));
        var region = await context.Grains.GetGrain<IRegionStatusGrain>(0).GetAsync();
        if (region.Region.Length == 0)
        {
            throw new AdminFailure("This cluster is one region (Region:Name is not set): every tenant is homed here.");
        }

        var home = await tenant.GetHomeRegionAsync();
        var moved = 0;
        if (home.Length > 0 && home != region.Region)
        {
            if (!force && region.Peers.FirstOrDefault(p => p.Peer == home) is { LastMessageReceiptTime: { } heard }
                && DateTimeOffset.UtcNow - heard < AliveWithin)
            {
                throw new AdminFailure(
                    $"Tenant '{info.Id}' is homed in region '{home}', whose database still streams to this region (last message {heard:u}): " +
                    "make its changes there. Move a home only when its region is gone for good; --force moves it anyway.");
            }

            moved = await tenant.MoveHomeHereAsync();
        }

        await context.Output.WriteAsync(new TenantHomeView(info.Id, region.Region, moved), static view => new TextTable("FIELD", "VALUE")
            .Add("tenant_id", view.TenantId)
            .Add("home_region", view.HomeRegion)
            .Add("moved_rows", Cells.Number(view.MovedRows)));
        return ExitCodes.Success;
    }
}
