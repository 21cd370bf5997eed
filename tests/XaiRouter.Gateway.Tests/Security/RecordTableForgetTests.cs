namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// <see cref="RecordTable{T}.Forget"/>, which the revocation feed of another region uses to make this Gateway see a
/// change as soon as the grain refuses: the next lookup reads again however young the copy, a read started before the
/// forgetting never leaves its copy behind, and the table of forgotten ids does not grow with volume. The loader is a
/// stand-in for the grain read whose completion each test controls; the clock moves only when a test says so.
/// </summary>
public sealed class RecordTableForgetTests
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UnixEpoch);
    private readonly Queue<TaskCompletionSource<string?>> _pending = new();
    private int _loads;

    [Fact]
    public async Task ForgottenCopy_IsReadAgainAtTheNextLookup_ThoughItIsYoung()
    {
        var table = NewTable(immediate: true);
        Assert.Equal("value-1", await table.GetAsync("id", 0));
        Assert.Equal("value-1", await table.GetAsync("id", 0));
        Assert.Equal(1, _loads);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        table.Forget("id");

        Assert.Equal("value-2", await table.GetAsync("id", 0));
        Assert.Equal("value-2", await table.GetAsync("id", 0));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task ReadUnderWayWhenForgotten_AnswersItsWaiters_IsNotJoined_AndItsCopyIsNeverUsed()
    {
        var table = NewTable(immediate: false);
        var before = table.GetAsync("id", 0);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        table.Forget("id");

        var after = table.GetAsync("id", 0);
        Assert.Equal(2, _loads);

        // The read from before the change ends last: its waiter gets it, nobody after.
        _pending.Dequeue().SetResult("before-change");
        Assert.Equal("before-change", await before);
        var later = table.GetAsync("id", 0);
        _pending.Dequeue().SetResult("after-change");
        Assert.Equal("after-change", await after);
        Assert.Equal("after-change", await later);
        Assert.Equal("after-change", await table.GetAsync("id", 0));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task ReadStartedInTheSameClockTickAsTheForgetting_IsStillNeverUsedAfterIt()
    {
        // A coarse clock (or one that did not move between the read's start and the fence's end) gives both the same
        // timestamp: which came first must not depend on the clock, or a copy read before the fence stays in use.
        var table = NewTable(immediate: false);
        var before = table.GetAsync("id", 0);
        table.Forget("id");
        _pending.Dequeue().SetResult("before-change");
        Assert.Equal("before-change", await before);

        var after = table.GetAsync("id", 0);
        Assert.Equal(2, _loads);
        _pending.Dequeue().SetResult("after-change");
        Assert.Equal("after-change", await after);
        Assert.Equal("after-change", await table.GetAsync("id", 0));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task ForgottenIds_AreLetGoOnceOlderThanMaxAge_SoTheTableDoesNotGrowWithVolume()
    {
        var table = NewTable(immediate: true);
        for (var i = 0; i < 5000; i++)
        {
            table.Forget("id-" + i);
        }

        var most = table.ForgottenCount;
        _clock.Advance(RecordCache.MaxAge);
        table.Forget("one-more");

        Assert.Equal(5000, most);
        Assert.Equal(1, table.ForgottenCount);
        Assert.Equal("value-1", await table.GetAsync("id-0", 0));
    }

    /// <param name="immediate">Whether each load answers at once ("value-N"), or waits for the test (<see cref="_pending"/>).</param>
    private RecordTable<string> NewTable(bool immediate) => new(
        _ =>
        {
            var number = Interlocked.Increment(ref _loads);
            if (immediate)
            {
                return Task.FromResult<string?>("value-" + number);
            }

            var read = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Enqueue(read);
            return read.Task;
        },
        rememberUnknown: true, _clock, static _ => { }, static (_, exception) => throw exception);
}
