using System.Collections.Immutable;
using System.Collections.Concurrent;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Controls usage ledgers that fail on purpose, in front of the real ones (<see cref="FlakyGrainFactory"/>): while
/// <see cref="Down"/> every write fails as an unreachable database's would; a batch holding a <see cref="Poison"/>
/// request id always fails, as a record the database can never take would. Every write is recorded.
/// </summary>
public sealed class FlakyLedgers
{
    private volatile bool _down;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public ConcurrentDictionary<string, bool> Poison { get; } = new(StringComparer.Ordinal);

    /// <summary>Every write: its size and whether it failed.</summary>
    public ConcurrentQueue<(int Size, bool Failed)> Writes { get; } = new();

    public IGrainFactory Wrap(IGrainFactory inner) => FlakyGrainFactory.Create(inner, this);

    internal async Task<int> RecordAsync(IUsageLedgerGrain inner, ImmutableArray<UsageRecord> records)
    {
        if (_down)
        {
            Writes.Enqueue((records.Length, true));
            throw new TimeoutException("The ledger's database is unreachable (test).");
        }

        if (records.Any(r => Poison.ContainsKey(r.RequestId)))
        {
            Writes.Enqueue((records.Length, true));
            throw new InvalidOperationException("A record the ledger can never write (test).");
        }

        var added = await inner.RecordAsync(records);
        Writes.Enqueue((records.Length, false));
        return added;
    }
}
