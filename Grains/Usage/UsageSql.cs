using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Usage;

/// <summary>
/// What the usage tables' SQL does differently per database: SQLite has no exact decimal type, so amounts are
/// stored as invariant text and added by <c>xai_decimal_add</c>, a function registered on each connection (decimal
/// arithmetic in .NET); PostgreSQL stores <c>numeric</c> and adds in SQL. A retention chunk is picked through the
/// time index and deleted by physical row id (SQLite <c>rowid</c>; PostgreSQL <c>ctid = ANY(ARRAY(...))</c>, which
/// plans as a TID scan where <c>ctid IN (subquery)</c> would scan the table). Everything else is one text for both.
/// Every sum saturates (<see cref="UsageBounds"/>): a totals row that overflowed failed its group's every later batch.
/// </summary>
internal sealed record UsageSql(string CostSumTemplate, string DeleteTemplate, bool CostAsText)
{
    /// <summary>
    /// How a cost column is read: SQLite's text is parsed saturating (<see cref="ReadCost"/>); PostgreSQL's numeric is
    /// capped in SQL, as a value beyond decimal's range (written before sums saturated) would fail the read.
    /// </summary>
    public string CostColumn { get; init; } = "cost_usd";

    /// <summary><see cref="UsageBounds.MaxCostUsd"/> as an SQL literal.</summary>
    private static readonly string MaxCostLiteral = UsageBounds.MaxCostUsd.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The saturating sum of a totals count column and the row being added (both databases): the new row's count is
    /// never negative (<see cref="UsageBounds.Count"/>), so <c>max - new</c> cannot overflow, and neither can the sum
    /// when the stored count is at most that. SQLite would turn an overflowing sum into a REAL, PostgreSQL fail (22003).
    /// </summary>
    public static string CountSum(string table, string column) =>
        $"CASE WHEN {table}.{column} > {long.MaxValue} - excluded.{column} THEN {long.MaxValue} ELSE {table}.{column} + excluded.{column} END";

    /// <summary>The saturating sum of a totals table's cost column and the row being added.</summary>
    public string CostSum(string table) => CostSumTemplate.Replace("{table}", table, StringComparison.Ordinal);

    /// <summary>
    /// Deletes at most <c>@chunk</c> rows of <paramref name="table"/> whose <paramref name="column"/> is below
    /// <c>@cutoff</c>, oldest first: picked through that column's index, deleted by physical row id.
    /// </summary>
    public string DeleteOldest(string table, string column) => DeleteTemplate
        .Replace("{oldest}", $"FROM {table} WHERE {column} < @cutoff ORDER BY {column} LIMIT @chunk", StringComparison.Ordinal)
        .Replace("{table}", table, StringComparison.Ordinal);

    /// <summary>The request log's retention chunk (<see cref="DeleteOldest"/>, by start time).</summary>
    public string DeleteChunk => DeleteOldest("xai_usage_requests", "at_ticks");

    /// <summary>
    /// Put after the request table's name in a query filtered by key: SQLite (3.53, no statistics) otherwise plans
    /// one by (tenant, time) and filters by key, reading the tenant's whole range for a key with few rows. PostgreSQL
    /// plans by its statistics and needs no hint (nor has the syntax).
    /// </summary>
    public string KeyIndexHint { get; init; } = "";

    /// <summary>As <see cref="KeyIndexHint"/>, for a query filtered by provider key (and not by key).</summary>
    public string ProviderKeyIndexHint { get; init; } = "";

    public const string DecimalAddFunction = "xai_decimal_add";

    public static readonly UsageSql Sqlite = new(
        DecimalAddFunction + "({table}.cost_usd, excluded.cost_usd)",
        "DELETE FROM {table} WHERE rowid IN (SELECT rowid {oldest})",
        CostAsText: true)
    {
        KeyIndexHint = " INDEXED BY xai_usage_requests_by_key",
        ProviderKeyIndexHint = " INDEXED BY xai_usage_requests_by_provider_key",
    };

    public static readonly UsageSql Postgres = new(
        $"LEAST({{table}}.cost_usd + excluded.cost_usd, {MaxCostLiteral})",
        "DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid {oldest}))",
        CostAsText: false)
    {
        CostColumn = $"LEAST(GREATEST(cost_usd, 0), {MaxCostLiteral}) AS cost_usd",
    };

    public static UsageSql For(StorageDialect dialect) => dialect.Provider == StorageProvider.Sqlite ? Sqlite : Postgres;

    /// <summary>Readies a freshly opened connection: SQLite gets the decimal function.</summary>
    public static void Prepare(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string, string, string>(DecimalAddFunction, AddDecimalText, isDeterministic: true);
        }
    }

    /// <summary>An amount as a parameter value of this database's cost columns.</summary>
    public object CostValue(decimal amount) => CostAsText ? amount.ToString(CultureInfo.InvariantCulture) : amount;

    /// <summary>An amount read from a cost column (text on SQLite, numeric on PostgreSQL), within 0 and <see cref="UsageBounds.MaxCostUsd"/>.</summary>
    public static decimal ReadCost(object value) => value is string text
        ? ParseCost(text)
        : UsageBounds.Cost(Convert.ToDecimal(value, CultureInfo.InvariantCulture));

    /// <summary>
    /// SQLite's saturating decimal sum: never throws, so no totals row can become unwritable. Both amounts are
    /// within 0 and <see cref="UsageBounds.MaxCostUsd"/> once parsed, so their sum cannot overflow.
    /// </summary>
    internal static string AddDecimalText(string left, string right) =>
        UsageBounds.AddCost(ParseCost(left), ParseCost(right)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Stored text as an amount within 0 and <see cref="UsageBounds.MaxCostUsd"/>: a number beyond decimal's range
    /// (only an older write could have stored one) saturates instead of throwing, text that is no number reads as 0.
    /// </summary>
    private static decimal ParseCost(string text)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return UsageBounds.Cost(amount);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate) && approximate > 0
            ? UsageBounds.MaxCostUsd
            : 0m;
    }
}
