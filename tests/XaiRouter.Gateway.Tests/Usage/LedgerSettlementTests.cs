using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// The settlement rule by itself, against a ledger that is a function: how many sends an outage costs, that a poison
/// record is isolated in a few sends, and that a ledger going down during the bisection gets nothing set aside.
/// </summary>
public sealed class LedgerSettlementTests
{
    private const int Batch = 1000;

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 7)]
    [InlineData(2, 15)]
    [InlineData(3, 31)]
    [InlineData(50, 31)]
    public async Task Outage_CostsAFewSendsARound_NeverASingleRecordSend(int outageRounds, int sends)
    {
        var ledger = new FunctionLedger(_ => false);

        var outcome = await Settlement(ledger).SettleAsync([Part(Batch)], outageRounds);

        Assert.Equal((0, Batch), (outcome.Settled, outcome.Unsettled.Length));
        Assert.Equal(sends, ledger.Sends.Count);
        Assert.True(ledger.Sends.Min() >= Batch / 16, $"a send of {ledger.Sends.Min()}");
    }

    [Fact]
    public async Task OnePoisonRecord_IsIsolatedInAFewSends()
    {
        var metrics = new UsageReporterMetrics(new TestMeterFactory());
        var ledger = new FunctionLedger(records => !records.Any(r => r.RequestId == "r-777"));

        var outcome = await new LedgerSettlement(ledger.SendAsync, NullLogger.Instance, metrics).SettleAsync([Part(Batch)], 0);

        Assert.Equal((Batch, 0), (outcome.Settled, outcome.Unsettled.Length));
        Assert.Equal(1, metrics.SetAsideTotal);
        Assert.Equal(Batch - 1, ledger.Written.Count);
        Assert.True(ledger.Sends.Count <= 3 * 10, $"{ledger.Sends.Count} sends");
    }

    /// <summary>
    /// adv17: a record set aside is billed by hand from its log line, which must carry everything the ledger prices:
    /// its cache writes too (issue 17 priced them apart), or a set-aside Anthropic request loses them.
    /// </summary>
    [Fact]
    public async Task SetAsideRecord_LogLine_CarriesItsCacheWrites()
    {
        using var logs = new CapturingLoggerProvider();
        var records = Part(2).Records.Select(r => r.RequestId == "r-1" ? r with { CacheWriteTokens = 987_654 } : r).ToImmutableArray();
        var ledger = new FunctionLedger(batch => !batch.Any(r => r.RequestId == "r-1"));

        await new LedgerSettlement(ledger.SendAsync, logs.CreateLogger("settlement"), null).SettleAsync([new SettlementPart("t", Day, records)], 0);

        var line = Assert.Single(logs.Messages, m => m.Contains("r-1", StringComparison.Ordinal));
        Assert.Contains("987654", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyPoisonRecords_OfOneTotalsGroup_AreSplitOffByGroup()
    {
        // What made a whole totals group fail before sums saturated: every record of one model.
        var records = Part(Batch).Records.Select((r, i) => i % 3 == 0 ? r with { Model = "broken" } : r).ToImmutableArray();
        var ledger = new FunctionLedger(batch => batch.All(r => r.Model != "broken"));

        var outcome = await Settlement(ledger).SettleAsync([new SettlementPart("t", Day, records)], 0);

        Assert.Equal((Batch, 0), (outcome.Settled, outcome.Unsettled.Length));
        Assert.Equal(records.Count(r => r.Model != "broken"), ledger.Written.Count);
    }

    [Fact]
    public async Task LedgerGoingDown_DuringTheBisection_GetsNothingSetAside()
    {
        var up = true;
        var ledger = new FunctionLedger(batch =>
        {
            var poisoned = batch.Any(r => r.RequestId == "r-10");
            if (poisoned && batch.Length <= 8)
            {
                // Deep in the bisection of the poisoned half, the ledger goes down for good.
                up = false;
            }

            return up && !poisoned;
        });
        var metrics = new UsageReporterMetrics(new TestMeterFactory());

        var outcome = await new LedgerSettlement(ledger.SendAsync, NullLogger.Instance, metrics).SettleAsync([Part(Batch)], 0);

        Assert.Equal(0, metrics.SetAsideTotal);
        Assert.Equal(Batch, outcome.Settled + outcome.Unsettled.Length);
        Assert.True(outcome.Settled >= Batch / 2, $"{outcome.Settled} settled");
        Assert.Contains(outcome.Unsettled, r => r.RequestId == "r-10");
        Assert.Equal(outcome.Settled, ledger.Written.Count);
    }

    private static readonly DateOnly Day = new(2026, 12, 1);

    private static LedgerSettlement Settlement(FunctionLedger ledger) => new(ledger.SendAsync, NullLogger.Instance, null);

    private static SettlementPart Part(int count) =>
        new("t", Day, [.. Enumerable.Range(0, count).Select(i => ReporterTests.Record("t", $"r-{i}", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)))]);

    private sealed class TestMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    /// <summary>A ledger that takes a batch when <c>accepts</c> says so, else throws.</summary>
    private sealed class FunctionLedger(Func<ImmutableArray<UsageRecord>, bool> accepts)
    {
        public List<int> Sends { get; } = [];

        public HashSet<string> Written { get; } = [];

        public Task SendAsync(string tenantId, DateOnly day, ImmutableArray<UsageRecord> records)
        {
            Sends.Add(records.Length);
            if (!accepts(records))
            {
                throw new InvalidOperationException("refused (test)");
            }

            Written.UnionWith(records.Select(r => r.RequestId));
            return Task.CompletedTask;
        }
    }
}
