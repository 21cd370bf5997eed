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

    private bool _dirty;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
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
            if (state.State.Recent.Count > RecentCapacity)
            {
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
