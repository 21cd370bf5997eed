using System.Collections.Concurrent;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Holds the router's refusals for the request log and hands them to the <see cref="UsageReporter"/> once per
/// <see cref="Interval"/>, not one by one. A refusal that woke the reporter at once would make its own request (a wrong
/// secret for a known key id, which is logged) measurably slower than an unknown id's (which is not): a timing oracle
/// for which key ids exist. Batched on a timer, that work lands on whatever request runs at the tick. At most
/// <see cref="MaxPending"/> wait, here and in the reporter's queue each; beyond that refusals are dropped (the log is a diagnostic, never worth unbounded memory).
/// Registered after the reporter, so it is stopped (and drained into it) first.
/// </summary>
internal sealed class RefusalQueue(UsageReporter reporter, TimeProvider timeProvider) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public const int MaxPending = 10_000;

    private readonly ConcurrentQueue<UsageRecord> _queue = new();
    private int _pending;

    /// <summary>Refusals not yet handed to the reporter.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Enqueue(UsageRecord refusal)
    {
        if (Interlocked.Increment(ref _pending) > MaxPending)
        {
            Interlocked.Decrement(ref _pending);
            return;
        }

        _queue.Enqueue(refusal);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Drain();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Drain();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync drains what is left.
        }
    }

    /// <summary>
    /// Hands the reporter what fits while it holds fewer than <see cref="MaxPending"/> records: when the ledger does not
    /// take them (down, or slow), the rest waits here, where the bound drops what is past it, instead of piling up without
    /// end in the reporter's queue.
    /// </summary>
    private void Drain()
    {
        while (reporter.Pending < MaxPending && _queue.TryDequeue(out var refusal))
        {
            reporter.Report(refusal);
            Interlocked.Decrement(ref _pending);
        }
    }
}
