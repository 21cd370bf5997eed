using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Grains.Limits;

/// <summary>
/// The minute, hour and day buckets of one quantity (requests or tokens) of a scope: a grant must fit in all of them.
/// </summary>
internal sealed class WindowedAllowance
{
    private static readonly TimeSpan[] Windows = [TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1)];

    private readonly TokenBucket?[] _buckets = new TokenBucket?[Windows.Length];

    public bool IsLimited => _buckets.Any(b => b is not null);

    /// <summary>Follows the limits the gateway sent (they may have changed since the last call) and refills.</summary>
    public void Update(long? perMinute, long? perHour, long? perDay, DateTimeOffset now)
    {
        ReadOnlySpan<long?> limits = [perMinute, perHour, perDay];
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = limits[i] is not { } limit ? null
                : _buckets[i] is { } bucket ? bucket.Resize(limit, now)
                : new TokenBucket(limit, Windows[i], now);
            _buckets[i]?.Refill(now);
        }
    }

    /// <summary>
    /// Takes <paramref name="needed"/> plus as much of <paramref name="extra"/> as every window can spare. A need
    /// larger than a window's whole capacity is cut to it, so that it can run when the window is full.
    /// </summary>
    /// <returns>The units granted, or <see langword="null"/> when <paramref name="needed"/> does not fit now.</returns>
    public long? Grant(long needed, long extra)
    {
        if (!IsLimited)
        {
            return needed + extra;
        }

        needed = Math.Min(needed, _buckets.Min(b => b?.Capacity ?? long.MaxValue));
        var available = _buckets.Min(b => b?.Available ?? long.MaxValue);
        if (available < needed)
        {
            return null;
        }

        var granted = Math.Min(needed + extra, Math.Max(needed, available));
        Give(-granted);
        return granted;
    }

    public void Give(long units)
    {
        foreach (var bucket in _buckets)
        {
            bucket?.Give(units);
        }
    }

    /// <summary>Refills every window to <paramref name="now"/> (before a snapshot).</summary>
    public void Refill(DateTimeOffset now)
    {
        foreach (var bucket in _buckets)
        {
            bucket?.Refill(now);
        }
    }

    /// <summary>Makes every window whole (a debt included).</summary>
    public void Reset()
    {
        foreach (var bucket in _buckets)
        {
            bucket?.Give(bucket.Capacity - bucket.Available);
        }
    }

    /// <summary>The windows set, named <paramref name="quantity"/>.</summary>
    public IEnumerable<LimitWindow> Snapshot(string quantity) => _buckets.OfType<TokenBucket>()
        .Select(b => new LimitWindow(quantity, b.Window, b.Capacity, b.Available, b.TimeUntilFull));

    /// <summary>How long until <paramref name="units"/> fit in every window.</summary>
    public TimeSpan TimeUntil(long units) => _buckets.Max(b => b is null ? TimeSpan.Zero : b.TimeUntil(Math.Min(units, b.Capacity)));

    /// <summary>The window with the least left, as the headers show it.</summary>
    public WindowSnapshot? Tightest()
    {
        TokenBucket? tightest = null;
        foreach (var bucket in _buckets)
        {
            if (bucket is not null && (tightest is null || bucket.Available < tightest.Available))
            {
                tightest = bucket;
            }
        }

        return tightest is null ? null : new WindowSnapshot(tightest.Capacity, Math.Max(0, tightest.Available), tightest.TimeUntilFull);
    }
}
