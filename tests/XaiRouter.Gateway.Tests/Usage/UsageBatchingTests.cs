using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XaiRouter.Gateway.Forwarding.Tests;
using XaiRouter.Gateway.Hosting.Tests;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Usage reaches the ledger in batches, off the request path (issue 16, item 1): sequential requests at one connection
/// share ledger calls instead of making one each; a full batch goes at once; stopping drains without waiting out the window.
/// </summary>
[Collection(RequestCostCollection.Name)]
public sealed class UsageBatchingTests(RequestCostFixture fixture)
{
    private const int Requests = 40;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SequentialRequests_AtOneConnection_ShareLedgerCalls_AndAllAreRecorded()
    {
        await LedgerProbe.WaitForLedgerAsync(fixture.Gateway);
        var (recordedBefore, _) = await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, RequestCostFixture.Model, fixture.ProviderKeyId);
        var callsBefore = fixture.LedgerCalls.RecordCalls;

        for (var i = 0; i < Requests; i++)
        {
            using var _ = await fixture.ChatAsync();
        }

        var (recorded, _) = await LedgerProbe.ReadAsync(fixture.Gateway, fixture.Tenant.Id, RequestCostFixture.Model, fixture.ProviderKeyId);
        var calls = fixture.LedgerCalls.RecordCalls - callsBefore;
        Assert.Equal(Requests, recorded - recordedBefore);

        // One call per request before; now one per batch window (250 ms) at most, however slow the machine.
        Assert.True(calls <= Requests / 4, $"{calls} ledger calls for {Requests} sequential requests");
    }

    [Fact]
    public async Task FullBatch_GoesAtOnce_WithoutWaitingForTheWindow()
    {
        // The reporter's clock never fires a timer: only a full batch can close the window.
        var reporter = new UsageReporter(fixture.Gateway.Services.GetRequiredService<IGrainFactory>(), new FrozenTimeProvider(), NullLogger<UsageReporter>.Instance);
        await reporter.StartAsync(Cancellation);
        var tenantId = $"batch-{Guid.NewGuid():N}";
        for (var i = 0; i < UsageReporter.MaxBatch; i++)
        {
            reporter.Report(Record(tenantId, $"req_full_{i}"));
        }

        await WaitUntilAsync(() => reporter.Pending == 0);

        Assert.Equal(UsageReporter.MaxBatch, await LedgerRequestsAsync(tenantId));
        await reporter.StopAsync(Cancellation);
        reporter.Dispose();
    }

    [Fact]
    public async Task Stopping_DrainsARecordStillInItsWindow()
    {
        var reporter = new UsageReporter(fixture.Gateway.Services.GetRequiredService<IGrainFactory>(), new FrozenTimeProvider(), NullLogger<UsageReporter>.Instance);
        await reporter.StartAsync(Cancellation);
        var tenantId = $"drain-{Guid.NewGuid():N}";
        reporter.Report(Record(tenantId, "req_drained"));

        // The window never closes by time here: stopping alone must send the record before it returns.
        await reporter.StopAsync(Cancellation);

        Assert.Equal(0, reporter.Pending);
        Assert.Equal(1, await LedgerRequestsAsync(tenantId));
        reporter.Dispose();
    }

    private async Task<long> LedgerRequestsAsync(string tenantId)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await fixture.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenantId, day)).GetTotalsAsync();
        return rows.Sum(r => r.Requests);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Cancellation);
        }

        Assert.True(condition(), "the condition did not hold within 10 s");
    }

    private static UsageRecord Record(string tenantId, string requestId) => new(requestId, tenantId, "key", "gpt-4o", "provider-key", DateTimeOffset.UtcNow, 200, 5, 0, 2, 0,
        Estimated: false, 0m, 1, Error: null);

    /// <summary>A clock whose timers never fire.</summary>
    private sealed class FrozenTimeProvider : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
