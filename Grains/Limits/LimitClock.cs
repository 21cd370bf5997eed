namespace XaiRouter.Grains.Limits;

/// <summary>
/// The time that rate-limit windows, holds and budget months run on: the system clock, or a test's own
/// <see cref="TimeProvider"/> (kept apart from the one Orleans and the host use, which must keep moving).
/// </summary>
public sealed class LimitClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
