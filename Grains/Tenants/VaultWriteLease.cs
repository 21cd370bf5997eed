using System.Diagnostics;

namespace XaiRouter.Grains.Tenants;

/// <summary>
/// The tenant's vault-write lease, held in the tenant grain's memory: one owner at a time, until it releases or its
/// lease runs out (a gateway that died mid-write blocks the others for one lease at most). Waiters are woken by a
/// release and race for it in the grain's single-threaded turns.
/// </summary>
internal sealed class VaultWriteLease
{
    private string? _owner;
    private long _expiresAt;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<bool> AcquireAsync(string owner, TimeSpan lease, TimeSpan wait)
    {
        var deadline = Stopwatch.GetTimestamp() + Ticks(wait);
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (_owner is null || now >= _expiresAt || string.Equals(_owner, owner, StringComparison.Ordinal))
            {
                _owner = owner;
                _expiresAt = now + Ticks(lease);
                return true;
            }

            var until = Math.Min(deadline, _expiresAt);
            if (deadline <= now)
            {
                return false;
            }

            await Task.WhenAny(_released.Task, Task.Delay(Stopwatch.GetElapsedTime(now, until)));
        }
    }

    public void Release(string owner)
    {
        if (!string.Equals(_owner, owner, StringComparison.Ordinal))
        {
            return;
        }

        _owner = null;
        var released = _released;
        _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.TrySetResult();
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
