namespace XaiRouter.Grains.Usage;

/// <inheritdoc cref="IUsageLedgerGrain"/>
/// <remarks>
/// Writes are batched: a record is counted (and acknowledged) in memory at once, and a timer writes the state when
/// something changed, every <see cref="FlushInterval"/>; deactivation writes too. A crash of the silo can therefore
/// lose at most about one interval of acknowledged records; a deactivation or graceful shutdown loses nothing.
/// </remarks>
internal sealed class UsageLedgerGrain(
    [PersistentState("usageLedger", GrainStorage.ProviderName)] IPersistentState<UsageLedgerState> state) : Grain, IUsageLedgerGrain
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    public const int RecentCapacity = 1000;

    private readonly RequestLogIndex _index = new();

    /// <summary>The request ids in <see cref="UsageLedgerState.Refusals"/>: a refusal sent twice is logged once.</summary>
    private readonly HashSet<string> _refusalIds = new(StringComparer.Ordinal);

    private bool _dirty;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var record in state.State.Recent)
        {
            _index.Add(record);
        }

        foreach (var refusal in state.State.Refusals)
        {
            _index.Add(refusal);
            _refusalIds.Add(refusal.RequestId);
        }

        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { Interleave = false });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<int> RecordAsync(ImmutableArray<UsageRecord> records)
    {
        var added = 0;
        foreach (var record in records)
        {
            if (record.Error is not null)
            {
                added += AddRefusal(record) ? 1 : 0;
                continue;
            }

            if (!state.State.RequestIds.Add(record.RequestId))
            {
                continue;
            }

            var group = record.KeyId + "|" + record.Model + "|" + record.ProviderKeyId;
            var totals = state.State.Totals.TryGetValue(group, out var existing)
                ? existing
                : new UsageTotals(record.KeyId, record.Model, record.ProviderKeyId, 0, 0, 0, 0, 0, 0m, 0);
            state.State.Totals[group] = totals.Add(record);
            state.State.Recent.Add(record);
            _index.Add(record);
            if (state.State.Recent.Count > RecentCapacity)
            {
                _index.Remove(state.State.Recent[0]);
                state.State.Recent.RemoveAt(0);
            }

            added++;
        }

        _dirty |= added > 0;
        return Task.FromResult(added);
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<UsageTotals>> GetTotalsAsync() => Task.FromResult(state.State.Totals.Values.ToImmutableArray());

    /// <inheritdoc/>
    public Task<ImmutableArray<UsageRecord>> GetRecentAsync(int limit) =>
        Task.FromResult(state.State.Recent.AsEnumerable().Reverse().Take(Math.Clamp(limit, 0, RecentCapacity)).ToImmutableArray());

    /// <inheritdoc/>
    public Task<ImmutableArray<UsageRecord>> QueryRequestsAsync(RequestLogQuery query) =>
        Task.FromResult(_index.Find(query with { Limit = Math.Clamp(query.Limit, 0, RecentCapacity) }, state.State.Recent.Concat(state.State.Refusals)));

    /// <summary>Logs one refusal (not counted in the totals); the oldest goes when the log is full.</summary>
    /// <returns>Whether it was new.</returns>
    private bool AddRefusal(UsageRecord refusal)
    {
        if (!_refusalIds.Add(refusal.RequestId))
        {
            return false;
        }

        state.State.Refusals.Add(refusal);
        _index.Add(refusal);
        if (state.State.Refusals.Count > RecentCapacity)
        {
            var oldest = state.State.Refusals[0];
            state.State.Refusals.RemoveAt(0);
            _index.Remove(oldest);
            _refusalIds.Remove(oldest.RequestId);
        }

        return true;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch
            {
                _dirty = true;
                throw;
            }
        }
    }
}
