using System.Globalization;

namespace XaiRouter.Grains.Usage;

/// <inheritdoc cref="IUsageLedgerGrain"/>
/// <remarks>
/// Holds no state: each <see cref="RecordAsync"/> batch is written to the usage tables in one transaction before it
/// is acknowledged (<see cref="UsageStore"/>), so an acknowledged record survives a crash, and a graceful stop has
/// nothing left to write. It stays a grain (one activation per tenant and day) rather than a stateless worker
/// because that orders the writes of one ledger: its totals rows are raised by one transaction at a time, so writers
/// on several nodes never wait on each other's row locks. Reads go to the tables too. Database work runs on the
/// thread pool (<c>Task.Run</c>), off the grain scheduler: Microsoft.Data.Sqlite's async methods
/// complete synchronously, and a write of a full batch (or one waiting for SQLite's write lock) would otherwise hold an
/// Orleans worker thread for its whole duration.
/// </remarks>
internal sealed class UsageLedgerGrain(UsageStore store, UsageReader reader) : Grain, IUsageLedgerGrain
{
    private string? _tenantId;
    private DateOnly _day;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // u:{tenant}:{yyyy-MM-dd}: the day is after the last colon.
        var key = this.GetPrimaryKeyString();
        var separator = key.LastIndexOf(':');
        _tenantId = key[GrainKeys.UsageLedgerPrefix.Length..separator];
        _day = DateOnly.ParseExact(key[(separator + 1)..], UsageStore.DayFormat, CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<int> RecordAsync(ImmutableArray<UsageRecord> records)
    {
        var (tenantId, day) = (_tenantId!, _day);
        return (await Task.Run(() => store.WriteAsync(tenantId, day, records, CancellationToken.None))).Inserted;
    }

    /// <inheritdoc/>
    public async Task<ImmutableArray<UsageTotals>> GetTotalsAsync()
    {
        var (tenantId, day) = (_tenantId!, _day);
        return [.. (await Task.Run(() => reader.ReadTotalsAsync(tenantId, day, day, CancellationToken.None))).Select(row => row.Totals)];
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<UsageRecord>> GetRecentAsync(int limit) => QueryAsync(new RequestLogQuery(limit), servedOnly: true);

    /// <inheritdoc/>
    public Task<ImmutableArray<UsageRecord>> QueryRequestsAsync(RequestLogQuery query) => QueryAsync(query, servedOnly: false);

    private Task<ImmutableArray<UsageRecord>> QueryAsync(RequestLogQuery query, bool servedOnly)
    {
        var (tenantId, start, end) = (_tenantId!, Start, End);
        return Task.Run(() => reader.QueryRequestsAsync(tenantId, start, end, query, servedOnly, CancellationToken.None));
    }

    private DateTimeOffset Start => new(_day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private DateTimeOffset End => Start.AddDays(1);
}
