using System.Collections.Concurrent;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// One kind of record in <see cref="RecordCache"/>: the copies, the ids known to have no record (when remembered),
/// and the grain reads under way. A read is single-flight: however many requests want an id at once, one grain read
/// serves them all. A copy in the last part of its life (past <see cref="RecordCache.RefreshAfter"/>) is still used,
/// and the first request that sees it starts that one read in the background, so under steady traffic no request
/// waits for a grain; only a copy past <see cref="RecordCache.MaxAge"/> (or from before an invalidation) makes
/// requests wait, all for the same read.
/// </summary>
/// <remarks>
/// A copy is used at most <see cref="RecordCache.MaxAge"/> after its read started, whoever started it, and a request
/// only joins a read started less than that long ago under the current generation: the revocation bound is exactly
/// the one of a cache without single-flight.
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="load">Reads a record from its grain (<see langword="null"/>: there is none).</param>
/// <param name="rememberUnknown">Whether ids without a record are remembered (in a table of their own, so junk ids never push real records out).</param>
/// <param name="timeProvider">The clock ages are measured on.</param>
/// <param name="onRead">Called once per lookup: <see langword="true"/> when it starts a grain read, <see langword="false"/> when a copy or another request's read answers it.</param>
/// <param name="onRefreshFailed">Told about a background refresh that failed (nobody waited for it).</param>
internal sealed class RecordTable<T>(Func<string, Task<T?>> load, bool rememberUnknown, TimeProvider timeProvider, Action<bool> onRead,
    Action<string, Exception> onRefreshFailed)
    where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _unknown = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>When each id was last forgotten (<see cref="Forget"/>): copies and reads started before then are not used.</summary>
    private readonly ConcurrentDictionary<string, ForgottenMark> _forgottenAt = new(StringComparer.Ordinal);

    /// <summary>
    /// Orders reads and forgettings: a clock tick can hold a read that started before the fence and the forgetting
    /// after it (a coarse clock, or one that did not move), so which came first is never told by timestamps.
    /// </summary>
    private long _sequence;

    /// <summary>Past this many forgotten ids, those forgotten longer than <see cref="RecordCache.MaxAge"/> ago are let go.</summary>
    private const int ForgottenPruneThreshold = 1024;

    // Racy on purpose: a lost update costs one prune more or later, never a wrong answer.
    private int _nextPruneCount = ForgottenPruneThreshold;
    private long _lastPruneAt;

    /// <summary>Records held (ids with a record).</summary>
    public int Count => _records.Count;

    /// <summary>Ids remembered as having no record.</summary>
    public int UnknownCount => _unknown.Count;

    /// <summary>The read of <paramref name="id"/> under way, if any (tests wait for a background refresh with it).</summary>
    public Task? PendingRead(string id) => _flights.TryGetValue(id, out var flight) ? flight.Result.Task : null;

    /// <param name="id">The record's id.</param>
    /// <param name="generation">The cache's generation now (copies and reads of other generations are not used).</param>
    public ValueTask<T?> GetAsync(string id, long generation)
    {
        if ((_records.TryGetValue(id, out var entry) || (rememberUnknown && _unknown.TryGetValue(id, out entry))) && entry.Generation == generation
            && !StartedBeforeForgotten(id, entry.Sequence))
        {
            var age = timeProvider.GetElapsedTime(entry.LoadedAt);
            if (age < RecordCache.MaxAge)
            {
                onRead(false);
                if (age >= RecordCache.RefreshAfter)
                {
                    // Refresh ahead: this request keeps the still valid copy; at most one read starts for the id.
                    JoinOrStart(id, generation, background: true);
                }

                return new ValueTask<T?>(entry.Value);
            }
        }

        var (flight, started) = JoinOrStart(id, generation, background: false);
        if (!started)
        {
            onRead(false);
        }

        return new ValueTask<T?>(flight.Result.Task);
    }

    /// <summary>
    /// Forgets the copy of <paramref name="id"/> and any read of it under way: the next request reads the grain again.
    /// A read that started before this and ends after it answers the requests that were waiting for it, but its copy
    /// is never used by a later one.
    /// </summary>
    public void Forget(string id)
    {
        var now = timeProvider.GetTimestamp();
        var count = _forgottenAt.Count;
        if (count >= _nextPruneCount || (count >= ForgottenPruneThreshold && timeProvider.GetElapsedTime(_lastPruneAt, now) >= RecordCache.MaxAge))
        {
            // A mark older than MaxAge guards nothing: every copy or read from before it is too old to be used anyway.
            // Pruned when the table has doubled or MaxAge has passed, so a burst of changes costs amortized O(1) each.
            foreach (var (forgottenId, mark) in _forgottenAt)
            {
                if (timeProvider.GetElapsedTime(mark.At, now) >= RecordCache.MaxAge)
                {
                    _forgottenAt.TryRemove(KeyValuePair.Create(forgottenId, mark));
                }
            }

            _lastPruneAt = now;
            _nextPruneCount = Math.Max(ForgottenPruneThreshold, 2 * _forgottenAt.Count);
        }

        _forgottenAt[id] = new ForgottenMark(now, Interlocked.Increment(ref _sequence));
        _records.TryRemove(id, out _);
        _unknown.TryRemove(id, out _);
    }

    /// <summary>
    /// Whether a copy or read (its <paramref name="sequence"/>) started before <paramref name="id"/> was last forgotten.
    /// The caller forgets after the change took effect in the grain, so a read numbered after the forgetting sees it.
    /// </summary>
    private bool StartedBeforeForgotten(string id, long sequence) => _forgottenAt.TryGetValue(id, out var mark) && sequence < mark.Sequence;

    /// <summary>Ids whose forgetting is still remembered (tests check that it does not grow with volume).</summary>
    internal int ForgottenCount => _forgottenAt.Count;

    /// <summary>The read of <paramref name="id"/> this request may share, or a new one it starts.</summary>
    private (Flight Flight, bool Started) JoinOrStart(string id, long generation, bool background)
    {
        while (true)
        {
            var now = timeProvider.GetTimestamp();
            var current = _flights.TryGetValue(id, out var existing) ? existing : null;
            if (current is not null && current.Generation == generation && timeProvider.GetElapsedTime(current.StartedAt, now) < RecordCache.MaxAge
                && !StartedBeforeForgotten(id, current.Sequence))
            {
                return (current, false);
            }

            var mine = new Flight(generation, now, Interlocked.Increment(ref _sequence));
            if (current is null ? _flights.TryAdd(id, mine) : _flights.TryUpdate(id, mine, current))
            {
                onRead(true);
                _ = ReadAsync(id, mine, background);
                return (mine, true);
            }
        }
    }

    private async Task ReadAsync(string id, Flight flight, bool background)
    {
        try
        {
            var value = await load(id);
            Store(id, value, flight);
            _flights.TryRemove(KeyValuePair.Create(id, flight));
            flight.Result.SetResult(value);
        }
        catch (Exception exception)
        {
            _flights.TryRemove(KeyValuePair.Create(id, flight));
            flight.Result.SetException(exception);
            if (background)
            {
                // Nobody may wait for it: the copy simply ages out and the next request reads again (and sees the failure).
                _ = flight.Result.Task.Exception;
                onRefreshFailed(id, exception);
            }
        }
    }

    /// <summary>Keeps what a read found, unless a newer read of the same id already did.</summary>
    private void Store(string id, T? value, Flight flight)
    {
        var (table, other) = value is null ? (_unknown, _records) : (_records, _unknown);
        var entry = new Entry(value, flight.Generation, flight.StartedAt, flight.Sequence);
        if (other.TryGetValue(id, out var opposite) && opposite.IsNewerThan(entry))
        {
            return;
        }

        other.TryRemove(id, out _);
        if (value is null && !rememberUnknown)
        {
            return;
        }

        if (table.Count >= RecordCache.MaxEntries)
        {
            table.Clear();
        }

        table.AddOrUpdate(id, static (_, fresh) => fresh, static (_, existing, fresh) => existing.IsNewerThan(fresh) ? existing : fresh, entry);
    }

    private sealed record Entry(T? Value, long Generation, long LoadedAt, long Sequence)
    {
        public bool IsNewerThan(Entry other) => Generation > other.Generation || (Generation == other.Generation && Sequence > other.Sequence);
    }

    /// <param name="At">When the id was forgotten (marks older than <see cref="RecordCache.MaxAge"/> are let go).</param>
    /// <param name="Sequence">Reads numbered below it started before the forgetting.</param>
    private readonly record struct ForgottenMark(long At, long Sequence);

    /// <summary>One grain read, shared by every request that wants the id meanwhile.</summary>
    private sealed class Flight(long generation, long startedAt, long sequence)
    {
        public long Generation { get; } = generation;

        /// <summary>When the read started: its copy's age counts from here.</summary>
        public long StartedAt { get; } = startedAt;

        /// <summary>Its place among reads and forgettings (<see cref="_sequence"/>).</summary>
        public long Sequence { get; } = sequence;

        public TaskCompletionSource<T?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
