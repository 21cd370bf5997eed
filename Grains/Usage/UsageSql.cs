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
/// </summary>
internal sealed record UsageSql(string CostSum, string DeleteChunk, bool CostAsText)
{
    /// <summary>
    /// Put after the request table's name in a query filtered by key: SQLite (3.53, no statistics) otherwise plans
    /// one by (tenant, time) and filters by key, reading the tenant's whole range for a key with few rows. PostgreSQL
    /// plans by its statistics and needs no hint (nor has the syntax).
    /// </summary>
    public string KeyIndexHint { get; init; } = "";

    public const string DecimalAddFunction = "xai_decimal_add";

    private const string OldestRows = "FROM xai_usage_requests WHERE at_ticks < @cutoff ORDER BY at_ticks LIMIT @chunk";

    public static readonly UsageSql Sqlite = new(
        $"{DecimalAddFunction}(xai_usage_totals.cost_usd, excluded.cost_usd)",
        $"DELETE FROM xai_usage_requests WHERE rowid IN (SELECT rowid {OldestRows})",
        CostAsText: true)
    {
        KeyIndexHint = " INDEXED BY xai_usage_requests_by_key",
    };

    public static readonly UsageSql Postgres = new(
        "xai_usage_totals.cost_usd + excluded.cost_usd",
        $"DELETE FROM xai_usage_requests WHERE ctid = ANY(ARRAY(SELECT ctid {OldestRows}))",
        CostAsText: false);

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

    /// <summary>An amount read from a cost column (text on SQLite, numeric on PostgreSQL).</summary>
    public static decimal ReadCost(object value) => value is string text
        ? decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture)
        : Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    private static string AddDecimalText(string left, string right) =>
        (decimal.Parse(left, NumberStyles.Number, CultureInfo.InvariantCulture) + decimal.Parse(right, NumberStyles.Number, CultureInfo.InvariantCulture))
        .ToString(CultureInfo.InvariantCulture);
}
