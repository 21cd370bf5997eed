using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Usage;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>Reads what the durable ledger holds, once the reporter has had every queued settlement acknowledged.</summary>
public static class LedgerProbe
{
    /// <summary>Waits until nothing is pending (a condition, with a deadline).</summary>
    public static async Task WaitForLedgerAsync(GatewayFactory gateway)
    {
        var reporter = gateway.Services.GetRequiredService<UsageReporter>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (reporter.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.Equal(0, reporter.Pending);
    }

    /// <summary>Until the router's refusals were handed to the reporter (once a second; a condition with a deadline).</summary>
    public static async Task WaitForRefusalsAsync(GatewayFactory gateway)
    {
        var refusals = gateway.Services.GetRequiredService<RefusalQueue>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (refusals.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, refusals.Pending);
    }

    /// <summary>Today's requests and tokens of one tenant, model and provider key.</summary>
    internal static async Task<(long Requests, TokenUsage Tokens)> ReadAsync(GatewayFactory gateway, string tenantId, string model, string providerKeyId)
    {
        await WaitForLedgerAsync(gateway);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenantId, day)).GetTotalsAsync();
        var requests = 0L;
        var tokens = default(TokenUsage);
        foreach (var row in rows.Where(r => r.Model == model && r.ProviderKeyId == providerKeyId))
        {
            requests += row.Requests;
            tokens += new TokenUsage(row.InputTokens, row.CachedInputTokens, row.OutputTokens, row.ReasoningTokens);
        }

        return (requests, tokens);
    }
}
