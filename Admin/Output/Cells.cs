using System.Globalization;

namespace XaiRouter.Admin.Output;

/// <summary>How values read in a table cell (invariant culture, UTC, ISO 8601).</summary>
internal static class Cells
{
    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(double? value, string format = "0.##") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    public static string Usd(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan value) => value.ToString(value.TotalDays >= 1 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    public static string List(IEnumerable<string>? values) => values is null ? "-" : string.Join(",", values) is { Length: > 0 } joined ? joined : "-";

    public static string YesNo(bool value) => value ? "yes" : "no";
}
