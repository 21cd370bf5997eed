using Microsoft.Extensions.Logging;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Review of issue 16 (poison batches): a batch the ledger could never write was retried for ever by the reporter's
/// single sending loop, so no tenant's usage was settled any more on that gateway. Now the failing record is bisected
/// out of its batch and set aside (an Error line with its fields), and every other record is written.
/// </summary>
[Collection(LedgerGuardCollection.Name)]
public sealed class PoisonRecordTests(LedgerGuardFixture fixture)
{
    private const int Records = 200;

    [Fact]
    public async Task OnePoisonRecord_IsSetAside_AndEveryOtherRecordOfItsBatchIsWritten()
    {
        var tenantId = $"poison-{Guid.NewGuid():N}";
        var result = await SettleAsync(tenantId, [137]);

        Assert.Equal(Records - 1, await ReporterTests.LedgerRequestsAsync(fixture.Grains, tenantId));
        var setAside = Assert.Single(result.Logs, line => line.Contains($"[{EventIds.UsageRecordSetAside}]", StringComparison.Ordinal));
        Assert.StartsWith("Error", setAside, StringComparison.Ordinal);
        Assert.Contains("req-137", setAside, StringComparison.Ordinal);
        Assert.Contains(tenantId, setAside, StringComparison.Ordinal);
        Assert.Contains("gpt-4o", setAside, StringComparison.Ordinal);
        Assert.Contains("input 5", setAside, StringComparison.Ordinal);
        Assert.Contains("cost 0.25 USD", setAside, StringComparison.Ordinal);

        // Bisection, not one send per record.
        Assert.True(result.Writes < 40, $"{result.Writes} writes");
    }

    [Fact]
    public async Task PoisonRecords_InBothHalvesOfABatch_DoNotLookLikeAnOutageForEver()
    {
        var tenantId = $"poison2-{Guid.NewGuid():N}";
        var result = await SettleAsync(tenantId, [10, 150]);

        Assert.Equal(Records - 2, await ReporterTests.LedgerRequestsAsync(fixture.Grains, tenantId));
        Assert.Equal(2, result.Logs.Count(line => line.Contains($"[{EventIds.UsageRecordSetAside}]", StringComparison.Ordinal)));
    }

    private async Task<(IReadOnlyCollection<string> Logs, int Writes)> SettleAsync(string tenantId, int[] poison)
    {
        var ledgers = new FlakyLedgers();
        foreach (var index in poison)
        {
            ledgers.Poison[$"req-{index}"] = true;
        }

        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var reporter = new UsageReporter(ledgers.Wrap(fixture.Grains), TimeProvider.System, loggers.CreateLogger<UsageReporter>());
        await reporter.StartAsync(TestContext.Current.CancellationToken);
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < Records; i++)
        {
            reporter.Report(ReporterTests.Record(tenantId, $"req-{i}", at));
        }

        await ReporterTests.WaitUntilAsync(() => reporter.Pending == 0);
        await reporter.StopAsync(TestContext.Current.CancellationToken);
        return (logs.Messages, ledgers.Writes.Count);
    }
}
