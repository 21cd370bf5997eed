using Microsoft.Extensions.Logging.Abstractions;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// The request log's refusals stay bounded in memory while the ledger does not take them: the queue hands the reporter
/// only what fits under <see cref="RefusalQueue.MaxPending"/>, so an attacker's refusals (wrong secrets for a known key id)
/// cannot pile up without end in the reporter's queue during a ledger outage.
/// </summary>
public sealed class RefusalQueueBoundTests
{
    [Fact]
    public async Task RefusalsWaiting_ForALedgerThatDoesNotAnswer_StayBounded()
    {
        // A reporter that is never started: nothing it is handed reaches a ledger, as when the ledger is down.
        var reporter = new UsageReporter(grains: null!, TimeProvider.System, NullLogger<UsageReporter>.Instance);
        var refusals = new RefusalQueue(reporter, TimeProvider.System);

        for (var tick = 0; tick < 5; tick++)
        {
            for (var i = 0; i < RefusalQueue.MaxPending; i++)
            {
                refusals.Enqueue(Refusal($"{tick}-{i}"));
            }

            // Stopping drains as a timer tick does.
            await refusals.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.True(reporter.Pending + refusals.Pending <= 2 * RefusalQueue.MaxPending, $"{reporter.Pending} handed to the reporter, {refusals.Pending} queued");
    }

    private static UsageRecord Refusal(string requestId) => new(requestId, "tenant", "key", "", ProviderKeyId: "", DateTimeOffset.UnixEpoch, 401, 0, 0, 0, 0,
        Estimated: false, 0m, 0, Error: "invalid_api_key");
}
