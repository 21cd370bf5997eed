using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Usage;

/// <summary>
/// Writes the usage ledger's tables (<c>xai_usage_requests</c>, <c>xai_usage_totals</c>, migration 0002;
/// <c>xai_usage_hourly</c>, migration 0005): a batch of records in one transaction, each request at most once
/// (insert-or-ignore on the unique key: tenant, start time, request id; a retried batch carries the very same
/// records), and the day's and the hours' totals raised by exactly the rows that insert wrote. A write touches only
/// the batch's rows and the totals rows of its groups, never anything that grows with the day, so its cost per
/// request stays flat.
/// </summary>
internal sealed class UsageStore(StorageDatabase database)
{
    /// <summary>Rows per multi-row statement: 20 parameters a row stays far below both databases' limits.</summary>
    public const int RowsPerStatement = 100;

    public const string DayFormat = "yyyy-MM-dd";

    internal const string RequestColumns =
        "tenant_id, request_id, at_ticks, key_id, model, provider_key_id, status, input_tokens, cached_input_tokens, output_tokens, " +
        "reasoning_tokens, estimated, cost_usd, latency_ms, ttfb_ms, budget_warning, usage_invalid, unpriced, error, cache_write_tokens";

    private const int RequestColumnCount = 20;

    /// <summary><see cref="RequestColumns"/> as a query reads them: the cost through <see cref="UsageSql.CostColumn"/>.</summary>
    internal static string RequestColumnsRead(UsageSql sql) => RequestColumns.Replace("cost_usd", sql.CostColumn, StringComparison.Ordinal);

    /// <summary>The hourly totals' bucket: the hour's start, UTC, as text that sorts as time does.</summary>
    public const string HourFormat = "yyyy-MM-dd'T'HH':00:00Z'";

    internal const string DailyTable = "xai_usage_totals";

    internal const string HourlyTable = "xai_usage_hourly";

    /// <summary>The totals tables' columns after the tenant and the bucket (<c>day</c> or <c>hour</c>).</summary>
    internal const string TotalsColumns =
        "key_id, model, provider_key_id, requests, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, cost_usd, estimated_requests, " +
        "cache_write_tokens, errors";

    private static readonly string[] SummedColumns =
        ["requests", "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens", "estimated_requests", "cache_write_tokens", "errors"];

    private const int TotalsColumnCount = 14;

    private readonly UsageSql _sql = UsageSql.For(database.Dialect);

    private readonly string _dailyUpsert = Upsert(UsageSql.For(database.Dialect), DailyTable, "day");

    private readonly string _hourlyUpsert = Upsert(UsageSql.For(database.Dialect), HourlyTable, "hour");

    public StorageDatabase Database => database;

    public UsageSql Sql => _sql;

    /// <summary>Opens a connection readied for the usage SQL.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        UsageSql.Prepare(connection);
        return connection;
    }

    /// <summary>Stores <paramref name="records"/> for <paramref name="tenantId"/>'s ledger of <paramref name="day"/>.</summary>
    /// <returns>How many were new, and what the write cost.</returns>
    public async Task<UsageWriteResult> WriteAsync(string tenantId, DateOnly day, IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        // A request id twice in one batch is one request (the unique key would ignore the second anyway).
        var unique = new Dictionary<string, UsageRecord>(records.Count, StringComparer.Ordinal);
        foreach (var record in records)
        {
            unique.TryAdd(record.RequestId, Storable(record));
        }

        if (unique.Count == 0)
        {
            return new UsageWriteResult(0, 0, 0);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var statements = 0;
        var rowsWritten = 0;
        var inserted = new List<UsageRecord>(unique.Count);
        var sqlite = connection is SqliteConnection;
        if (sqlite)
        {
            statements += await InsertRequestsOneByOneAsync(connection, transaction, tenantId, unique.Values, inserted, cancellationToken);
            rowsWritten += inserted.Count;
        }
        else
        {
            foreach (var chunk in unique.Values.Chunk(RowsPerStatement))
            {
                var before = inserted.Count;
                await InsertRequestsAsync(connection, transaction, tenantId, chunk, unique, inserted, cancellationToken);
                statements++;
                rowsWritten += inserted.Count - before;
            }
        }

        var dayText = day.ToString(DayFormat, CultureInfo.InvariantCulture);
        foreach (var (table, upsert, hourly) in new[] { (DailyTable, _dailyUpsert, false), (HourlyTable, _hourlyUpsert, true) })
        {
            foreach (var chunk in Totals(inserted, hourly).Chunk(sqlite ? 1 : RowsPerStatement))
            {
                rowsWritten += await UpsertTotalsAsync(connection, transaction, upsert, tenantId, hourly ? null : dayText, chunk, cancellationToken);
                statements++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new UsageWriteResult(inserted.Count, statements, rowsWritten);
    }

    /// <summary>
    /// SQLite: one prepared single-row insert executed per record. A multi-row statement costs SQLite far more: each
    /// of its 1,900 named parameters is found by a linear search over the statement's names when bound (quadratic in
    /// the rows), and a new text is parsed and planned per batch size. Measured: about 0.6 ms of CPU per row with
    /// 100-row statements, so the ledger fell behind a busy gateway.
    /// </summary>
    /// <returns>The statements executed.</returns>
    private async Task<int> InsertRequestsOneByOneAsync(
        DbConnection connection, DbTransaction transaction, string tenantId, IEnumerable<UsageRecord> records, List<UsageRecord> inserted,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder("INSERT INTO xai_usage_requests (").Append(RequestColumns).Append(") VALUES ");
        AppendPlaceholders(text, 0, RequestColumnCount, separator: false);
        command.CommandText = text.Append(" ON CONFLICT DO NOTHING").ToString();
        for (var column = 0; column < RequestColumnCount; column++)
        {
            AddParameter(command, Placeholder(0, column), null);
        }

        var statements = 0;
        foreach (var record in records)
        {
            var values = RequestValues(tenantId, record);
            for (var column = 0; column < values.Length; column++)
            {
                command.Parameters[column].Value = values[column] ?? DBNull.Value;
            }

            // Without RETURNING: the count of changed rows says whether this id was new.
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                inserted.Add(record);
            }

            statements++;
        }

        return statements;
    }

    private object?[] RequestValues(string tenantId, UsageRecord record) =>
    [
        tenantId, record.RequestId, record.At.UtcTicks, record.KeyId, record.Model, record.ProviderKeyId, record.Status,
        record.InputTokens, record.CachedInputTokens, record.OutputTokens, record.ReasoningTokens, record.Estimated,
        _sql.CostValue(record.CostUsd), record.LatencyMs, record.TimeToFirstByteMs, record.BudgetWarning, record.UsageInvalid,
        record.Unpriced, record.Error, record.CacheWriteTokens,
    ];

    /// <summary>
    /// Deletes at most <paramref name="chunk"/> request rows older than <paramref name="cutoff"/>, oldest first, in
    /// one short statement of its own (totals are kept).
    /// </summary>
    /// <returns>How many rows went.</returns>
    public Task<int> DeleteRequestsBeforeAsync(DateTimeOffset cutoff, int chunk, CancellationToken cancellationToken) =>
        DeleteOldestAsync(_sql.DeleteChunk, cutoff.UtcTicks, chunk, cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="chunk"/> hourly totals rows of hours that started before <paramref name="cutoff"/>,
    /// oldest first, in one short statement of its own (the daily totals are kept).
    /// </summary>
    /// <returns>How many rows went.</returns>
    public Task<int> DeleteHoursBeforeAsync(DateTimeOffset cutoff, int chunk, CancellationToken cancellationToken) =>
        DeleteOldestAsync(_sql.DeleteOldest(HourlyTable, "hour"), HourText(cutoff.UtcTicks / TimeSpan.TicksPerHour), chunk, cancellationToken);

    /// <summary>The bucket text of an hour given as hours since 0001-01-01 UTC.</summary>
    public static string HourText(long hour) => new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Utc).ToString(HourFormat, CultureInfo.InvariantCulture);

    private async Task<int> DeleteOldestAsync(string sql, object cutoff, int chunk, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "cutoff", cutoff);
        AddParameter(command, "chunk", chunk);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertRequestsAsync(
        DbConnection connection, DbTransaction transaction, string tenantId, UsageRecord[] chunk,
        Dictionary<string, UsageRecord> byId, List<UsageRecord> inserted, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder("INSERT INTO xai_usage_requests (").Append(RequestColumns).Append(") VALUES ");
        for (var row = 0; row < chunk.Length; row++)
        {
            AppendPlaceholders(text, row, RequestColumnCount, row > 0);
            var values = RequestValues(tenantId, chunk[row]);
            for (var column = 0; column < values.Length; column++)
            {
                AddParameter(command, Placeholder(row, column), values[column]);
            }
        }

        // RETURNING names exactly the rows this insert wrote: an id already stored returns nothing.
        command.CommandText = text.Append(" ON CONFLICT DO NOTHING RETURNING request_id").ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(byId[reader.GetString(0)]);
        }
    }

    /// <summary>The statement that adds rows to a totals table: <c>{0}</c> stands for the rows' placeholders.</summary>
    private static string Upsert(UsageSql sql, string table, string bucket)
    {
        var sums = string.Join(", ", SummedColumns.Select(column => $"{column} = {UsageSql.CountSum(table, column)}"));
        return $"INSERT INTO {table} (tenant_id, {bucket}, {TotalsColumns}) VALUES {{0}} ON CONFLICT (tenant_id, {bucket}, key_id, model, provider_key_id) " +
            $"DO UPDATE SET {sums}, cost_usd = {sql.CostSum(table)}";
    }

    /// <summary>Adds one chunk of groups to a totals table; <paramref name="dayText"/> is the day of every row (daily totals), null for hourly ones, whose rows carry their hour.</summary>
    private async Task<int> UpsertTotalsAsync(
        DbConnection connection, DbTransaction transaction, string upsert, string tenantId, string? dayText, (long Hour, UsageTotals Totals)[] chunk,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var rows = new StringBuilder();
        for (var row = 0; row < chunk.Length; row++)
        {
            AppendPlaceholders(rows, row, TotalsColumnCount, row > 0);
            var (hour, totals) = chunk[row];
            object?[] values =
            [
                tenantId, dayText ?? HourText(hour), totals.KeyId, totals.Model, totals.ProviderKeyId, totals.Requests, totals.InputTokens,
                totals.CachedInputTokens, totals.OutputTokens, totals.ReasoningTokens, _sql.CostValue(totals.CostUsd), totals.EstimatedRequests,
                totals.CacheWriteTokens, totals.Errors,
            ];
            for (var column = 0; column < values.Length; column++)
            {
                AddParameter(command, Placeholder(row, column), values[column]);
            }
        }

        command.CommandText = upsert.Replace("{0}", rows.ToString(), StringComparison.Ordinal);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The inserted records' sums by key, model and provider key (and by hour when <paramref name="hourly"/>), in one
    /// fixed order so that two writers of the same totals rows lock them in the same order. A refusal of the router's
    /// own counts as an error only (<see cref="UsageTotals.Add"/>), under an empty model and provider key: its model
    /// is the caller's own text, which must not add rows to tables kept for long.
    /// </summary>
    private static (long Hour, UsageTotals Totals)[] Totals(List<UsageRecord> inserted, bool hourly)
    {
        var groups = new Dictionary<(long, string, string, string), UsageTotals>();
        foreach (var record in inserted)
        {
            var (model, providerKeyId) = record.Error is null ? (record.Model, record.ProviderKeyId) : ("", "");
            var group = (hourly ? record.At.UtcTicks / TimeSpan.TicksPerHour : 0, record.KeyId, model, providerKeyId);
            var totals = groups.TryGetValue(group, out var existing)
                ? existing
                : new UsageTotals(record.KeyId, model, providerKeyId, 0, 0, 0, 0, 0, 0m, 0);
            groups[group] = totals.Add(record);
        }

        return [.. groups
            .OrderBy(g => g.Key.Item1)
            .ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Item3, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Item4, StringComparer.Ordinal)
            .Select(g => (g.Key.Item1, g.Value))];
    }

    /// <summary>
    /// The record as both databases take it: text cleaned (<see cref="StorableText"/>), counts not negative and the
    /// cost within 0 and <see cref="UsageBounds.MaxCostUsd"/> (so its totals' saturating sums hold); itself when it
    /// already is.
    /// </summary>
    private static UsageRecord Storable(UsageRecord record)
    {
        var (keyId, model, providerKeyId, error) =
            (StorableText.Of(record.KeyId), StorableText.Of(record.Model), StorableText.Of(record.ProviderKeyId), StorableText.OfNullable(record.Error));
        var inBounds = record.InputTokens >= 0 && record.CachedInputTokens >= 0 && record.OutputTokens >= 0 && record.ReasoningTokens >= 0
            && record.CacheWriteTokens >= 0 && record.CostUsd == UsageBounds.Cost(record.CostUsd);
        return inBounds && ReferenceEquals(keyId, record.KeyId) && ReferenceEquals(model, record.Model) && ReferenceEquals(providerKeyId, record.ProviderKeyId)
            && ReferenceEquals(error, record.Error)
            ? record
            : record with
            {
                KeyId = keyId, Model = model, ProviderKeyId = providerKeyId, Error = error,
                InputTokens = UsageBounds.Count(record.InputTokens), CachedInputTokens = UsageBounds.Count(record.CachedInputTokens),
                OutputTokens = UsageBounds.Count(record.OutputTokens), ReasoningTokens = UsageBounds.Count(record.ReasoningTokens),
                CacheWriteTokens = UsageBounds.Count(record.CacheWriteTokens), CostUsd = UsageBounds.Cost(record.CostUsd),
            };
    }

    private static void AppendPlaceholders(StringBuilder text, int row, int columns, bool separator)
    {
        if (separator)
        {
            text.Append(", ");
        }

        text.Append('(');
        for (var column = 0; column < columns; column++)
        {
            text.Append(column == 0 ? "@" : ", @").Append(Placeholder(row, column));
        }

        text.Append(')');
    }

    private static string Placeholder(int row, int column) => string.Create(CultureInfo.InvariantCulture, $"p{row}_{column}");

    internal static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
