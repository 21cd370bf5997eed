using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Regions;

/// <summary>
/// <c>POST /admin/regions/budget-lease</c> (operator token: the other regions' Gateways): the home side of budget
/// leases. Records the asking region's cumulative spend on a key's budget and answers its new ceilings, decided by
/// the scope's limiter grain here (README "Budgets and rate limits across regions").
/// </summary>
internal static partial class BudgetLeaseApi
{
    private const int MaxScopeLength = 512;

    public static IEndpointRouteBuilder MapBudgetLeaseApi(this IEndpointRouteBuilder operatorApi)
    {
        operatorApi.MapPost(BudgetLeaseClient.Path["/admin".Length..], GrantAsync).WithTags("Operator").WithName("GrantBudgetLease")
            .WithSummary("Another region reports its spend on a key's budget and gets its budget lease (home region only).");
        return operatorApi;
    }

    public static async Task<Results<Ok<BudgetLeaseGrant>, ProblemHttpResult>> GrantAsync(
        HttpRequest request, IOptions<RegionOptions> regionOptions, IGrainFactory grains, Grains.Regions.ITenantHomeLookup homes,
        IKeyBudgetSource budgets, CancellationToken cancellationToken)
    {
        var region = regionOptions.Value;
        if (!region.IsMultiRegion)
        {
            return Problems.Conflict("This deployment is one region (Region:Name is not set): there are no budget leases.");
        }

        var (ask, problem) = await JsonBody.ReadSmallAsync(request, BudgetLeaseJsonContext.Default.BudgetLeaseAsk, JsonBody.UnauthenticatedMaxBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(ask!, region) is { } invalid)
        {
            return Problems.BadRequest(invalid);
        }

        if (ask!.HomeRegion != region.Name)
        {
            return Problems.Conflict($"This region is '{region.Name}', not '{ask.HomeRegion}'.");
        }

        var home = await homes.GetHomeRegionAsync(TenantOf(ask.Scope));
        if (!region.IsHome(home))
        {
            return Problems.Conflict($"The tenant's home region is '{home}', not this region ('{region.Name}'): ask there.");
        }

        // Granted from the key's budget as this region holds it: the ask's copy may be stale, buggy or forged.
        var budget = await budgets.GetBudgetAsync(TenantOf(ask.Scope), KeyOf(ask.Scope));
        if (budget is null || !Grains.Limits.BudgetLeasing.IsLeased(budget))
        {
            return Problems.Conflict("The key has no credit or hard monthly budget in its home region (or is no active key of the tenant): nothing to lease.");
        }

        return TypedResults.Ok(await grains.GetGrain<IRateLimiterGrain>(ask.Scope).GrantBudgetLeaseAsync(ask with { Budget = budget }));
    }

    /// <returns>What is wrong with the ask, by field name; null when it is valid.</returns>
    private static string? Validate(BudgetLeaseAsk ask, RegionOptions region)
    {
        if (ask.Scope is not { Length: > 0 and <= MaxScopeLength } scope || !ScopePattern().IsMatch(scope))
        {
            return "'scope' must be a key's limiter scope: rl:<tenant>:k:<key id>.";
        }

        if (ask.Region is null || ask.Region == region.Name || region.FindPeer(ask.Region) is null)
        {
            return $"'region' must name one of this region's peers (Region:Peers), not '{ask.Region}'.";
        }

        if (string.IsNullOrEmpty(ask.HomeRegion))
        {
            return "'home_region' is required.";
        }

        if (ask.Month is null || !MonthPattern().IsMatch(ask.Month))
        {
            return "'month' must be a UTC month, yyyy-MM.";
        }

        if (ask.CreditSpentUsd < 0m || ask.MonthSpentUsd < 0m || ask.AskUsd < 0m)
        {
            return "'credit_spent_usd', 'month_spent_usd' and 'ask_usd' must not be negative.";
        }

        if (ask.Budget is not { } budget || !Grains.Limits.BudgetLeasing.IsLeased(budget))
        {
            return "'budget' must hold a 'credit_usd' or a hard 'monthly_usd': only those are leased.";
        }

        return budget.CreditUsd <= 0m || budget.MonthlyUsd <= 0m ? "'budget' amounts must be positive." : null;
    }

    private static string TenantOf(string scope) => scope[GrainKeys.RateLimiterPrefix.Length..scope.IndexOf(':', GrainKeys.RateLimiterPrefix.Length)];

    private static string KeyOf(string scope) => scope[(scope.LastIndexOf(':') + 1)..];

    [GeneratedRegex(@"^rl:[A-Za-z0-9_-]+:k:[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopePattern();

    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();
}
