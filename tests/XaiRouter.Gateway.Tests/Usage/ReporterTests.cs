using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>What the usage reporter's tests share: records, ledger reads, waiting on a condition with a deadline.</summary>
internal static class ReporterTests
{
    public static UsageRecord Record(string tenantId, string requestId, DateTimeOffset at) =>
        new(requestId, tenantId, "key", "gpt-4o", "provider-key", at, 200, 5, 0, 2, 0, Estimated: false, 0.25m, 1);

    public static async Task<long> LedgerRequestsAsync(IGrainFactory grains, string tenantId)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenantId, day)).GetTotalsAsync();
        return rows.Sum(r => r.Requests);
    }

    public static async Task WaitUntilAsync(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), $"the condition did not hold within {seconds} s");
    }
}
