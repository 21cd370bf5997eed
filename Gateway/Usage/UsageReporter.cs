using System.Threading.Channels;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Carries settled requests to the usage ledgers off the request path: the pipeline only enqueues; this service sends
/// batches grouped by tenant and day, and retries a batch until its ledger acknowledges it (or, for a record the
/// ledger can never take, sets that record aside: <see cref="LedgerSettlement"/>). On shutdown it drains
/// the queue before the silo stops (it is registered after the silo, so it is stopped before it).
/// A record does not wake a send of its own: the first record of a batch opens a <see cref="BatchWindow"/> for others to
/// join, closed early when <see cref="MaxBatch"/> records wait or the service stops. At low load a send per request cost
/// each request a grain call's worth of CPU (measured: 0.96 ledger calls per request at one connection).
/// A failing send neither blocks the reporter for ever (a poison record is bisected out of its batch) nor lets the
/// backlog grow without end (a ledger outage): at <c>Usage:MaxPendingRecords</c> unacknowledged records
/// <see cref="IsFull"/> turns on, and new requests are refused until the backlog is below 90% of it.
/// </summary>
internal sealed partial class UsageReporter(
    IGrainFactory grains, TimeProvider timeProvider, ILogger<UsageReporter> logger, IOptions<UsageReportingOptions>? options = null,
    UsageReporterMetrics? metrics = null) : BackgroundService
{
    public const int MaxBatch = 1000;

    /// <summary>How long the first record of a batch waits for others; also the most a record's settlement is delayed by batching.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>What a refused request is told to wait: the longest back-off between two settlement rounds.</summary>
    public static TimeSpan RetryAfter => MaxRetryDelay;

    private readonly long _maxPending = (options?.Value ?? new UsageReportingOptions()).MaxPendingRecords;

    /// <summary>Set at <see cref="_maxPending"/> by <see cref="Report"/>, cleared below 90% of it by the sending loop.</summary>
    private volatile bool _full;

    /// <summary>1 while the current backlog's warning is logged: one line per outage, not one per request.</summary>
    private int _fullLogged;

    // Never disposed: it has no timer or linked registration to release, and a StopAsync or a late batch wait that
    // runs after the host disposed the service must not meet an ObjectDisposedException.
    /// <summary>Cancelled when stopping: the window closes at once and the queue drains without waiting.</summary>
    private readonly CancellationTokenSource _draining = new();

    /// <summary>Completed by <see cref="Report"/> when a full batch waits, to close the window early.</summary>
    private volatile TaskCompletionSource _batchFull = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Ledger references by (tenant, day), used by the single sending loop only. <c>GetGrain</c> resolves the grain
    /// interface by attribute reflection on every call (measured about 27 us a batch); a reference is kept for the day
    /// instead, and the previous days' are dropped when a batch of a later day arrives (<see cref="LedgerOf"/>).
    /// </summary>
    private readonly Dictionary<(string TenantId, DateOnly Day), IUsageLedgerGrain> _ledgers = [];

    /// <summary>Most references kept at once; beyond it the table starts over (one lookup each again).</summary>
    private const int MaxLedgerReferences = 10_000;

    private DateOnly _newestDay;

    private readonly Channel<UsageRecord> _queue = Channel.CreateUnbounded<UsageRecord>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    /// <summary>Records not yet acknowledged by their ledger.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>
    /// Whether unacknowledged records reached <c>Usage:MaxPendingRecords</c>: new requests must then be refused, as
    /// their usage could not be kept. One volatile read, for the request path.
    /// </summary>
    public bool IsFull => _full;

    /// <summary>Counts a request refused because <see cref="IsFull"/>.</summary>
    public void CountRefusal() => metrics?.Refused();

    /// <summary>Queues a settled request; never blocks.</summary>
    public void Report(UsageRecord record)
    {
        var pending = Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(record);
        if (pending >= MaxBatch)
        {
            _batchFull.TrySetResult();
        }

        if (pending >= _maxPending && !_full)
        {
            // Requests already past the check still report theirs: the backlog passes the bound by at most those.
            _full = true;
            if (Interlocked.Exchange(ref _fullLogged, 1) == 0)
            {
                LogBacklogFull(logger, pending);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _draining.CancelAsync();
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settlement = new LedgerSettlement((tenantId, day, records) => LedgerOf(tenantId, day).RecordAsync(records), logger, metrics);
        var fresh = new List<UsageRecord>(MaxBatch);
        ImmutableArray<UsageRecord> unsettled = [];
        var outageRounds = 0;
        var delay = FirstRetryDelay;

        // Reads until the queue is completed and empty and nothing is left unsettled: stopping drains rather than drops.
        while (unsettled.Length > 0 || await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (unsettled.IsEmpty)
            {
                await WaitForBatchAsync();
            }

            while (fresh.Count < MaxBatch && _queue.Reader.TryRead(out var record))
            {
                fresh.Add(record);
            }

            var oldest = fresh.Count > 0 ? fresh[0].At : (DateTimeOffset?)null;
            var outcome = await settlement.SettleAsync([.. Parts(fresh), .. Parts(unsettled)], outageRounds);
            if (unsettled.IsEmpty && outcome.Unsettled.IsEmpty && oldest is { } since)
            {
                // The queue is first in, first out: the batch's first record waited longest (from its request's start).
                metrics?.Settled(timeProvider.GetUtcNow() - since);
            }

            fresh.Clear();
            Settled(outcome.Settled);
            unsettled = outcome.Unsettled;
            if (unsettled.IsEmpty)
            {
                (outageRounds, delay) = (0, FirstRetryDelay);
                continue;
            }

            // An outage: retried whole after a back-off; the ledger's exactly-once makes a repeat harmless.
            LogSettlementRetry(logger, outcome.Failure, unsettled[0].TenantId, unsettled.Length, delay);
            await Task.Delay(delay, timeProvider, CancellationToken.None);
            (outageRounds, delay) = (outageRounds + 1, TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks)));
        }
    }

    /// <summary>Records by tenant and day, in parts of at most <see cref="MaxBatch"/>.</summary>
    private static IEnumerable<SettlementPart> Parts(IEnumerable<UsageRecord> records) =>
        records.GroupBy(r => (r.TenantId, Day: DateOnly.FromDateTime(r.At.UtcDateTime)))
            .SelectMany(group => group.Chunk(MaxBatch).Select(chunk => new SettlementPart(group.Key.TenantId, group.Key.Day, [.. chunk])));

    /// <summary>
    /// Closes the batch window now and waits until the records queued before this call are acknowledged (the backlog
    /// fell by as many, or to zero), or <paramref name="timeout"/> passes (operator tooling: <c>xai-admin ledger flush</c>).
    /// </summary>
    /// <returns>The backlog before and after, and whether it drained in time.</returns>
    public async Task<(long Before, long After, bool Drained)> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var before = Pending;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var settled = Volatile.Read(ref _settledCount);
        while (true)
        {
            // The signal is read before the counts: a round that settles in between completes this very signal.
            var signal = _settledSignal.Task;
            if (Pending == 0 || Volatile.Read(ref _settledCount) - settled >= before)
            {
                break;
            }

            _batchFull.TrySetResult();
            try
            {
                await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        var after = Pending;
        return (before, after, after == 0 || Volatile.Read(ref _settledCount) - settled >= before);
    }

    /// <summary>Records acknowledged since start (flushes count what they wait for with it).</summary>
    private long _settledCount;

    /// <summary>Completed, and replaced, after every settlement round (flushes wait on it).</summary>
    private volatile TaskCompletionSource _settledSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Takes settled records off the backlog; below 90% of the bound, requests are served again.</summary>
    private void Settled(int count)
    {
        Interlocked.Add(ref _settledCount, count);
        var pending = Interlocked.Add(ref _pending, -count);
        Interlocked.Exchange(ref _settledSignal, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (_full && pending < _maxPending - (_maxPending / 10))
        {
            _full = false;
            Volatile.Write(ref _fullLogged, 0);
            LogBacklogDrained(logger, pending);
        }
    }

    /// <summary>Waits out the batch window, unless a full batch waits or the service stops.</summary>
    private async Task WaitForBatchAsync()
    {
        // Renewed before Pending is read: a Report that then finds a full batch completes the new signal.
        if (_batchFull.Task.IsCompleted)
        {
            _batchFull = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (Pending >= MaxBatch || _draining.IsCancellationRequested)
        {
            return;
        }

        // Task.Delay ends early (cancelled) when stopping; WhenAny does not throw for it.
        await Task.WhenAny(Task.Delay(BatchWindow, timeProvider, _draining.Token), _batchFull.Task);
    }

    private IUsageLedgerGrain LedgerOf(string tenantId, DateOnly day)
    {
        if (day > _newestDay)
        {
            // A new day: only yesterday's ledgers may still get late records (a batch across midnight).
            _newestDay = day;
            var stale = _ledgers.Keys.Where(key => key.Day < day.AddDays(-1)).ToList();
            foreach (var key in stale)
            {
                _ledgers.Remove(key);
            }
        }

        if (!_ledgers.TryGetValue((tenantId, day), out var ledger))
        {
            if (_ledgers.Count >= MaxLedgerReferences)
            {
                _ledgers.Clear();
            }

            ledger = grains.GetGrain<IUsageLedgerGrain>(GrainKeys.UsageLedger(tenantId, day));
            _ledgers[(tenantId, day)] = ledger;
        }

        return ledger;
    }

    [LoggerMessage(EventId = EventIds.SettlementRetry, EventName = nameof(EventIds.SettlementRetry), Level = LogLevel.Warning,
        Message = "Usage settlement of {Count} record(s) (the first for tenant {TenantId}) failed, the ledger looks unreachable; retrying in {Delay}")]
    private static partial void LogSettlementRetry(ILogger logger, Exception? exception, string tenantId, int count, TimeSpan delay);

    [LoggerMessage(EventId = EventIds.UsageBacklogFull, EventName = nameof(EventIds.UsageBacklogFull), Level = LogLevel.Warning,
        Message = "{Pending} usage records wait for the ledger (Usage:MaxPendingRecords): new requests are refused with 503 usage_ledger_unavailable until the backlog drains below 90%")]
    private static partial void LogBacklogFull(ILogger logger, long pending);

    [LoggerMessage(EventId = EventIds.UsageBacklogDrained, EventName = nameof(EventIds.UsageBacklogDrained), Level = LogLevel.Information,
        Message = "The usage backlog drained to {Pending} records: requests are served again")]
    private static partial void LogBacklogDrained(ILogger logger, long pending);
}
