using Microsoft.Extensions.Logging;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// A ledger outage is not mistaken for poison: while every write fails, the reporter retries the whole batch after its
/// back-off, with a few exploring sends a round and never one send per record, sets nothing aside, and loses nothing
/// once the ledger is back.
/// </summary>
[Collection(LedgerGuardCollection.Name)]
public sealed class LedgerOutageTests(LedgerGuardFixture fixture)
{
    private const int PerTenant = 150;

    [Fact]
    public async Task Outage_RetriesWholeBatches_WithoutSingleRecordSends_AndLosesNothing()
    {
        var ledgers = new FlakyLedgers { Down = true };
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var reporter = new UsageReporter(ledgers.Wrap(fixture.Grains), TimeProvider.System, loggers.CreateLogger<UsageReporter>());
        await reporter.StartAsync(TestContext.Current.CancellationToken);
        string[] tenants = [$"outage-a-{Guid.NewGuid():N}", $"outage-b-{Guid.NewGuid():N}"];
        var at = DateTimeOffset.UtcNow;
        foreach (var tenantId in tenants)
        {
            for (var i = 0; i < PerTenant; i++)
            {
                reporter.Report(ReporterTests.Record(tenantId, $"req-{i}", at));
            }
        }

        // Four rounds of the outage (3, 7, 15 and 31 failed writes at most).
        await ReporterTests.WaitUntilAsync(() => logs.Messages.Count(line => line.Contains($"[{EventIds.SettlementRetry}]", StringComparison.Ordinal)) >= 4);
        var duringOutage = ledgers.Writes.ToList();
        var rounds = logs.Messages.Count(line => line.Contains($"[{EventIds.SettlementRetry}]", StringComparison.Ordinal));
        Assert.All(duringOutage, write => Assert.True(write.Failed));

        // At most the exploring sends of the rounds logged and of one more under way.
        var most = Enumerable.Range(0, rounds + 1).Sum(LedgerSettlement.ExploreLimit);
        Assert.True(duringOutage.Count <= most, $"{duringOutage.Count} writes in {rounds} rounds");
        Assert.DoesNotContain(duringOutage, write => write.Size < 5);
        Assert.Equal(2 * PerTenant, reporter.Pending);

        ledgers.Down = false;
        await ReporterTests.WaitUntilAsync(() => reporter.Pending == 0);
        await reporter.StopAsync(TestContext.Current.CancellationToken);

        foreach (var tenantId in tenants)
        {
            Assert.Equal(PerTenant, await ReporterTests.LedgerRequestsAsync(fixture.Grains, tenantId));
        }

        // Back, the whole batch of each tenant went in one write; nothing was set aside.
        Assert.Equal([PerTenant, PerTenant], ledgers.Writes.Where(w => !w.Failed).Select(w => w.Size));
        Assert.DoesNotContain(logs.Messages, line => line.Contains($"[{EventIds.UsageRecordSetAside}]", StringComparison.Ordinal));
    }
}
