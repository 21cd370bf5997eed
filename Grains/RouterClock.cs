namespace XaiRouter.Grains;

/// <summary>
/// The time that rate-limit windows, holds, budget months and provider health run on: the system clock, or a test's own
/// <see cref="TimeProvider"/> (kept apart from the one Orleans and the host use, which must keep moving).
/// </summary>
public sealed class RouterClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
