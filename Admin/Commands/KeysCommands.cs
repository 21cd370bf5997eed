using System.Globalization;
using XaiRouter.Admin.Output;
using XaiRouter.Admin.Views;
using XaiRouter.Grains.Abstractions.Keys;

namespace XaiRouter.Admin.Commands;

/// <summary><c>keys tree &lt;tenant&gt;</c>: the tenant's access keys by parent, metadata and policy only.</summary>
internal static class KeysCommands
{
    public static Command Build(CommandRunner runner)
    {
        var tenant = CommandTree.TenantArgument();
        return CommandTree.Group("keys", "A tenant's access keys (metadata and policy only).",
            CommandTree.Leaf("tree", "Shows the tenant's keys as a tree: root, sub-account keys, sessions, passphrase credential.", runner,
                context => TreeAsync(context, context.Parse.GetRequiredValue(tenant)), tenant));
    }

    private static async Task<int> TreeAsync(CommandContext context, string idOrName)
    {
        var tenant = await context.TenantAsync(idOrName);
        var vault = await TenantResolver.VaultAsync(context.Grains, tenant);
        string?[] listed = [vault.RootKeyId, vault.PassphraseKeyId, .. vault.KeyIds, .. vault.SessionKeyIds];
        var ids = listed.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var infos = await Task.WhenAll(ids.Select(id => context.Grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(id)).GetInfoAsync()));
        var nodes = infos.OfType<AccessKeyInfo>().ToDictionary(static k => k.KeyId, KeyNodeView.From, StringComparer.Ordinal);
        var roots = new List<KeyNodeView>();
        foreach (var key in infos.OfType<AccessKeyInfo>().OrderBy(static k => k.CreatedAt))
        {
            var node = nodes[key.KeyId];
            if (key.ParentKeyId is { } parent && nodes.TryGetValue(parent, out var parentNode))
            {
                parentNode.Children.Add(node);
            }
            else
            {
                roots.Add(node);
            }
        }

        await context.Output.WriteAsync(roots, static trees =>
        {
            var table = new TextTable("KEY", "ID", "KIND", "STATUS", "MANAGE", "POOLS", "EXPIRES", "POLICY");
            foreach (var root in trees)
            {
                AddRows(table, root, 0);
            }

            return table;
        });
        return ExitCodes.Success;
    }

    private static void AddRows(TextTable table, KeyNodeView node, int depth)
    {
        var label = (depth == 0 ? "" : new string(' ', (depth - 1) * 3) + "└─ ") + node.Name;
        table.Add(label, node.KeyId, node.Kind.ToString(), node.Status.ToString(), Cells.YesNo(node.Manage), Cells.List(node.Pools),
            node.ExpiresAt is null ? "-" : Cells.Time(node.ExpiresAt), Describe(node.Policy));
        foreach (var child in node.Children)
        {
            AddRows(table, child, depth + 1);
        }
    }

    /// <summary>The policy in one cell: only what restricts the key.</summary>
    private static string Describe(KeyPolicy? policy)
    {
        if (policy is null)
        {
            return "unrestricted";
        }

        var parts = new List<string>();
        Add(parts, "models", policy.Models);
        Add(parts, "endpoints", policy.Endpoints);
        Add(parts, "ips", policy.Ips);
        Add(parts, "pools", policy.Pools);
        if (policy.Limits is { } limits)
        {
            var windows = new (string Name, long? Value)[]
            {
                ("rpm", limits.Rpm), ("rph", limits.Rph), ("rpd", limits.Rpd), ("tpm", limits.Tpm), ("tph", limits.Tph), ("tpd", limits.Tpd),
                ("concurrency", limits.Concurrency),
            };
            parts.AddRange(windows.Where(static w => w.Value is not null).Select(static w => $"{w.Name}={w.Value!.Value.ToString(CultureInfo.InvariantCulture)}"));
            if (limits.PerModel is { Count: > 0 } perModel)
            {
                parts.Add("per_model=" + string.Join("|", perModel.Keys.Order(StringComparer.Ordinal)));
            }
        }

        if (policy.Budget is { } budget)
        {
            if (budget.CreditUsd is { } credit)
            {
                parts.Add("credit_usd=" + Cells.Usd(credit));
            }

            if (budget.MonthlyUsd is { } monthly)
            {
                parts.Add($"monthly_usd={Cells.Usd(monthly)}({budget.MonthlyMode.ToString().ToLowerInvariant()})");
            }
        }

        if (policy.PriceMultiplier is { } multiplier)
        {
            parts.Add("price_multiplier=" + multiplier.ToString(CultureInfo.InvariantCulture));
        }

        if (policy.TenantAdmin)
        {
            parts.Add("tenant_admin");
        }

        return parts.Count == 0 ? "unrestricted" : string.Join(" ", parts);
    }

    private static void Add(List<string> parts, string name, ImmutableArray<string>? values)
    {
        if (values is { } list)
        {
            parts.Add($"{name}={(list.IsEmpty ? "none" : string.Join(",", list))}");
        }
    }
}
