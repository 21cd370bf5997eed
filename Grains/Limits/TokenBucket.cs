namespace XaiRouter.Grains.Limits;

/// <summary>
/// One limit window as a token bucket: it holds up to <see cref="Capacity"/> units and refills at
/// <c>Capacity / window</c>, so a limit of 30 per minute allows a burst of 30 and then one every 2 seconds, and an
/// idle minute restores it whole. The level may go below zero when a reconciliation finds more was used than
/// reserved; the debt is paid back by the refill before anything else is admitted.
/// </summary>
internal sealed class TokenBucket(long capacity, TimeSpan window, DateTimeOffset now)
{
    private readonly double _perSecond = capacity / window.TotalSeconds;
    private double _level = capacity;
    private DateTimeOffset _at = now;

    public long Capacity { get; } = capacity;

    public TimeSpan Window { get; } = window;

    /// <summary>Whole units available now (negative while in debt).</summary>
    public long Available => (long)Math.Floor(_level);

    public void Refill(DateTimeOffset now)
    {
        if (now > _at)
        {
            _level = Math.Min(Capacity, _level + ((now - _at).TotalSeconds * _perSecond));
            _at = now;
        }
    }

    public void Take(long units) => _level -= units;

    /// <summary>Adds units back (negative: takes a debt); never above the capacity.</summary>
    public void Give(long units) => _level = Math.Min(Capacity, _level + units);

    /// <summary>How long until <paramref name="units"/> are available.</summary>
    public TimeSpan TimeUntil(long units) => units <= _level ? TimeSpan.Zero : TimeSpan.FromSeconds((units - _level) / _perSecond);

    /// <summary>How long until the bucket is full again (OpenAI's "reset").</summary>
    public TimeSpan TimeUntilFull => TimeUntil(Capacity);

    /// <summary>The same bucket with another capacity, keeping what was used.</summary>
    public TokenBucket Resize(long capacity, DateTimeOffset now) =>
        capacity == Capacity ? this : new TokenBucket(capacity, Window, now) { _level = Math.Min(capacity, capacity - (Capacity - _level)) };
}
