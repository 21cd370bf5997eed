using XaiRouter.Admin.Output;
using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Admin.Commands;

/// <summary><c>limits show|reset &lt;scope&gt;</c>: one limit scope's grain.</summary>
internal static class LimitsCommands
{
    public static Command Build(CommandRunner runner)
    {
        var show = LimitScopeName.Argument();
        var reset = LimitScopeName.Argument();
        return CommandTree.Group("limits", "Limit scopes: windows, leases out, holds, spend.",
            CommandTree.Leaf("show", "Shows a scope's windows (allowance leased to gateways counts as used), holds and spend.", runner,
                context => ShowAsync(context, context.Parse.GetRequiredValue(show)), show),
            CommandTree.Leaf("reset", "Makes a scope's windows whole again and drops its holds (spend is kept); asks first unless --yes.", runner,
                context => ResetAsync(context, context.Parse.GetRequiredValue(reset)), reset));
    }

    private static async Task<int> ShowAsync(CommandContext context, string text)
    {
        var (tenantId, scope, grain) = await ResolveAsync(context, text);
        var view = new LimitScopeView(tenantId, scope, await grain.GetSnapshotAsync());
        await context.Output.WriteAsync(view, Table);
        return ExitCodes.Success;
    }

    private static async Task<int> ResetAsync(CommandContext context, string text)
    {
        var (tenantId, scope, grain) = await ResolveAsync(context, text);
        if (!context.Confirmed && !await context.ConfirmAsync($"Reset limit scope {scope} of tenant {tenantId}: windows whole again, holds dropped?"))
        {
            throw new AdminFailure("Not confirmed: nothing was changed (answer y, or pass --yes).");
        }

        await grain.ResetAsync();
        await context.Output.NoteAsync($"Limit scope {scope} of tenant {tenantId} reset.");
        await context.Output.WriteAsync(new LimitScopeView(tenantId, scope, await grain.GetSnapshotAsync()), Table);
        return ExitCodes.Success;
    }

    private static async Task<(string TenantId, string Scope, IRateLimiterGrain Grain)> ResolveAsync(CommandContext context, string text)
    {
        var name = LimitScopeName.Parse(text)!;
        var tenant = await context.TenantAsync(name.Tenant);
        return (tenant.Id, name.Scope, context.Grains.GetGrain<IRateLimiterGrain>(GrainKeys.RateLimiter(tenant.Id, name.Scope)));
    }

    private static TextTable Table(LimitScopeView view)
    {
        var state = view.State;
        var table = new TextTable("FIELD", "LIMIT", "AVAILABLE", "RESET");
        foreach (var w in state.Windows)
        {
            table.Add($"{w.Quantity} per {Cells.Duration(w.Window)}", Cells.Number(w.Limit), Cells.Number(w.Available), Cells.Duration(w.Reset));
        }

        if (state.Windows.IsEmpty)
        {
            table.Add("windows", "none in use since the scope's activation", null, null);
        }

        return table
            .Add("holds", Cells.Number(state.Holds), null, null)
            .Add("concurrency slots held", Cells.Number(state.SlotsHeld), null, null)
            .Add("reserved usd", Cells.Usd(state.ReservedUsd), null, null)
            .Add("credit spent usd", Cells.Usd(state.CreditSpentUsd), null, null)
            .Add($"spent usd in {(state.Month.Length == 0 ? "this month" : state.Month)}", Cells.Usd(state.MonthSpentUsd), null, null);
    }
}
