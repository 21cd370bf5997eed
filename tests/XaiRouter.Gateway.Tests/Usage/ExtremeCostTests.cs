using XaiRouter.Gateway.Limits;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Review of issue 16 (poison batches, root causes): a request's cost is bounded like the ledger's amounts. Its counts
/// reach 2^63-1 when its <c>max_tokens</c> allows them (<see cref="ReportedUsageCheck"/>), and that at the highest price
/// times the highest compounded price factor passed decimal's range: the request's settlement threw.
/// </summary>
public sealed class ExtremeCostTests
{
    [Fact]
    public void HighestCounts_AtTheHighestPrice_AndFactor_CostAtMostTheLedgersBound_WithoutOverflow()
    {
        var price = new ModelPriceRecord(PricesApi.MaxPrice, null, PricesApi.MaxPrice);

        var cost = price.Cost(long.MaxValue, 0, long.MaxValue);
        var factor = PriceFactors.Times(PriceFactors.Cap, 1000m);

        Assert.Equal(UsageBounds.MaxCostUsd, cost);
        Assert.Equal(UsageBounds.MaxCostUsd * PriceFactors.Cap, cost * factor);
        Assert.Null(ReportedUsageCheck.Problem(new Forwarding.TokenUsage(0, 0, long.MaxValue, 0), 100, maxTokens: long.MaxValue / 2));
    }
}
