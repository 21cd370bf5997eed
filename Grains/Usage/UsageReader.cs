using System.Data.Common;
using System.Globalization;
using System.Text;

namespace XaiRouter.Grains.Usage;

/// <summary>
/// Reads the usage ledger's tables for <c>/x/usage</c> and <c>/x/requests</c>. Every query is bounded by tenant and
/// time (or day) and served by an index: totals by their primary key (tenant, day, ...), the request log by
/// (tenant, at), (tenant, status, at), (tenant, model, at) or (tenant, key, at), newest first, with a limit.
/// </summary>
internal sealed class UsageReader(UsageStore store)
{
    /// <summary>The most records one request log query returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// The most key ids bound into one <c>IN</c> list; a larger visible set is queried in slices of this size
    /// (each with the limit, merged newest first), so no statement grows with the caller's subtree.
    /// </summary>
    public const int KeysPerQuery = 64;

    /// <summary>The tenant's totals rows from <paramref name="from"/> to <paramref name="to"/> (both included).</summary>
    public async Task<List<DailyUsageTotals>> ReadTotalsAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        await ReadBucketsAsync(
            UsageStore.DailyTable, "day", tenantId, from.ToString(UsageStore.DayFormat, CultureInfo.InvariantCulture),
            to.ToString(UsageStore.DayFormat, CultureInfo.InvariantCulture),
            static (day, totals) => new DailyUsageTotals(DateOnly.ParseExact(day, UsageStore.DayFormat, CultureInfo.InvariantCulture), totals), cancellationToken);

    /// <summary>
    /// The tenant's hourly totals rows of the hours that started from <paramref name="from"/> to <paramref name="to"/>
    /// (both included; a time within an hour stands for that hour). Hours are kept a few days only (<see cref="UsageRetentionService"/>).
    /// </summary>
    public Task<List<HourlyUsageTotals>> ReadHourlyTotalsAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadBucketsAsync(
            UsageStore.HourlyTable, "hour", tenantId, UsageStore.HourText(from.UtcTicks / TimeSpan.TicksPerHour), UsageStore.HourText(to.UtcTicks / TimeSpan.TicksPerHour),
            static (hour, totals) => new HourlyUsageTotals(hour, totals), cancellationToken);

    /// <summary>
    /// Every tenant's daily totals rows from <paramref name="from"/> to <paramref name="to"/> (both included), as they
    /// are read (through the day index, migration 0004), for the operator's report: the caller sums them as they come.
    /// </summary>
    public async IAsyncEnumerable<(string TenantId, DailyUsageTotals Row)> ReadAllTenantsTotalsAsync(
        DateOnly from, DateOnly to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT day, " + UsageStore.TotalsColumns.Replace("cost_usd", store.Sql.CostColumn, StringComparison.Ordinal) +
            ", tenant_id FROM xai_usage_totals WHERE day >= @from AND day <= @to";
        UsageStore.AddParameter(command, "from", from.ToString(UsageStore.DayFormat, CultureInfo.InvariantCulture));
        UsageStore.AddParameter(command, "to", to.ToString(UsageStore.DayFormat, CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(13), new DailyUsageTotals(DateOnly.ParseExact(reader.GetString(0), UsageStore.DayFormat, CultureInfo.InvariantCulture), ReadTotals(reader)));
        }
    }

    /// <summary>Every totals row of one tenant in a bucket range of a totals table: one range scan of its primary key.</summary>
    private async Task<List<T>> ReadBucketsAsync<T>(
        string table, string bucket, string tenantId, string from, string to, Func<string, UsageTotals, T> row, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {bucket}, " + UsageStore.TotalsColumns.Replace("cost_usd", store.Sql.CostColumn, StringComparison.Ordinal) +
            $" FROM {table} WHERE tenant_id = @tenant AND {bucket} >= @from AND {bucket} <= @to";
        UsageStore.AddParameter(command, "tenant", tenantId);
        UsageStore.AddParameter(command, "from", from);
        UsageStore.AddParameter(command, "to", to);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader.GetString(0), ReadTotals(reader)));
        }

        return rows;
    }

    /// <summary>The <see cref="UsageStore.TotalsColumns"/> of a row read after its bucket column.</summary>
    private static UsageTotals ReadTotals(DbDataReader reader) => new(
        reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6),
        reader.GetInt64(7), reader.GetInt64(8), UsageSql.ReadCost(reader.GetValue(9)), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12));

    /// <summary>
    /// The tenant's request records started in [<paramref name="from"/>, <paramref name="until"/>) that match
    /// <paramref name="query"/>, newest first, at most its limit (and <see cref="MaxLimit"/>).
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="from">The earliest start time included.</param>
    /// <param name="until">The first start time no longer included.</param>
    /// <param name="query">The filters and the limit.</param>
    /// <param name="servedOnly">Leave out the router's own refusals.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<ImmutableArray<UsageRecord>> QueryRequestsAsync(
        string tenantId, DateTimeOffset from, DateTimeOffset until, RequestLogQuery query, bool servedOnly, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(query.Limit, 0, MaxLimit);
        if (limit == 0 || (query.VisibleKeyIds is { } visible && (visible.Count == 0 || (query.KeyId is { } key && !visible.Contains(key)))))
        {
            return [];
        }

        await using var connection = await store.OpenAsync(cancellationToken);

        // A single key filter makes the visible set moot (it was checked above).
        if (query.VisibleKeyIds is null || query.KeyId is not null)
        {
            return [.. await SelectAsync(connection, store.Sql, tenantId, from, until, query, servedOnly, null, limit, cancellationToken)];
        }

        var merged = new List<UsageRecord>();
        foreach (var slice in query.VisibleKeyIds.Order(StringComparer.Ordinal).Chunk(KeysPerQuery))
        {
            merged.AddRange(await SelectAsync(connection, store.Sql, tenantId, from, until, query, servedOnly, slice, limit, cancellationToken));
            if (merged.Count > limit)
            {
                // Bounded memory: only the newest `limit` can be part of the answer.
                merged = [.. Newest(merged, limit)];
            }
        }

        return [.. Newest(merged, limit)];
    }

    /// <summary>The SQL order in .NET: start time, then request id (ordinal, as the index compares), newest first.</summary>
    private static IEnumerable<UsageRecord> Newest(List<UsageRecord> records, int limit) =>
        records.OrderByDescending(r => r.At).ThenByDescending(r => r.RequestId, StringComparer.Ordinal).Take(limit);

    private static async Task<List<UsageRecord>> SelectAsync(
        DbConnection connection, UsageSql sql, string tenantId, DateTimeOffset from, DateTimeOffset until, RequestLogQuery query, bool servedOnly,
        string[]? keys, int limit, CancellationToken cancellationToken)
    {
        await using var command = SelectCommand(connection, sql, tenantId, from, until, query, servedOnly, keys, limit);
        var records = new List<UsageRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    /// <summary>
    /// The request log query. With <paramref name="keys"/> (a sub-key's visible set) it is one newest-first scan of the
    /// key index per key, each stopped at the limit, merged: a key set given as <c>key_id IN (...)</c> was planned
    /// (SQLite without statistics) as a scan of the tenant's whole week by time, filtered by key, so a sub-key whose
    /// keys had few requests made every <c>/x/requests</c> read the whole tenant's week. Now its cost is bounded by
    /// its keys' own rows (at most the limit per key), whatever the rest of the tenant does. A query by one key
    /// (<c>?key=</c>) takes the key index too (<see cref="UsageSql.KeyIndexHint"/>).
    /// </summary>
    internal static DbCommand SelectCommand(
        DbConnection connection, UsageSql sql, string tenantId, DateTimeOffset from, DateTimeOffset until, RequestLogQuery query, bool servedOnly,
        string[]? keys, int limit)
    {
        var command = connection.CreateCommand();
        var hint = keys is not null || query.KeyId is not null ? sql.KeyIndexHint : query.ProviderKeyId is not null ? sql.ProviderKeyIndexHint : "";
        var filters = new StringBuilder(" FROM xai_usage_requests").Append(hint)
            .Append(" WHERE tenant_id = @tenant AND at_ticks >= @from AND at_ticks < @until");
        UsageStore.AddParameter(command, "tenant", tenantId);
        UsageStore.AddParameter(command, "from", from.UtcTicks);
        UsageStore.AddParameter(command, "until", until.UtcTicks);
        if (query.Status is { } status)
        {
            filters.Append(" AND status = @status");
            UsageStore.AddParameter(command, "status", status);
        }

        if (query.Model is { } model)
        {
            filters.Append(" AND model = @model");
            // Cleaned as the rows were: the same model matches, and PostgreSQL is never sent a NUL it would refuse.
            UsageStore.AddParameter(command, "model", StorableText.Of(model));
        }

        if (query.KeyId is { } key)
        {
            filters.Append(" AND key_id = @key");
            UsageStore.AddParameter(command, "key", key);
        }

        if (query.ProviderKeyId is { } providerKey)
        {
            filters.Append(" AND provider_key_id = @provider_key");
            UsageStore.AddParameter(command, "provider_key", providerKey);
        }

        if (servedOnly)
        {
            filters.Append(" AND error IS NULL");
        }

        const string Order = " ORDER BY at_ticks DESC, request_id DESC LIMIT @limit";
        UsageStore.AddParameter(command, "limit", limit);
        var text = new StringBuilder();
        if (keys is null)
        {
            text.Append("SELECT ").Append(UsageStore.RequestColumnsRead(sql)).Append(filters).Append(Order);
        }
        else
        {
            for (var i = 0; i < keys.Length; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"k{i}");
                UsageStore.AddParameter(command, name, keys[i]);
                text.Append(i == 0 ? "" : " UNION ALL ")
                    .Append("SELECT * FROM (SELECT ").Append(UsageStore.RequestColumnsRead(sql)).Append(filters).Append(" AND key_id = @").Append(name)
                    .Append(Order).Append(") AS ").Append(name);
            }

            text.Append(Order);
        }

        command.CommandText = text.ToString();
        return command;
    }

    private static UsageRecord ReadRecord(DbDataReader reader) => new(
        RequestId: reader.GetString(1),
        TenantId: reader.GetString(0),
        KeyId: reader.GetString(3),
        Model: reader.GetString(4),
        ProviderKeyId: reader.GetString(5),
        At: new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
        Status: Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
        InputTokens: reader.GetInt64(7),
        CachedInputTokens: reader.GetInt64(8),
        OutputTokens: reader.GetInt64(9),
        ReasoningTokens: reader.GetInt64(10),
        Estimated: Convert.ToBoolean(reader.GetValue(11), CultureInfo.InvariantCulture),
        CostUsd: UsageSql.ReadCost(reader.GetValue(12)),
        LatencyMs: reader.GetInt64(13),
        TimeToFirstByteMs: reader.IsDBNull(14) ? null : reader.GetInt64(14),
        BudgetWarning: Convert.ToBoolean(reader.GetValue(15), CultureInfo.InvariantCulture),
        UsageInvalid: Convert.ToBoolean(reader.GetValue(16), CultureInfo.InvariantCulture),
        Unpriced: Convert.ToBoolean(reader.GetValue(17), CultureInfo.InvariantCulture),
        Error: reader.IsDBNull(18) ? null : reader.GetString(18),
        CacheWriteTokens: reader.GetInt64(19));
}
