using System.Globalization;
using System.Text;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// <c>/x/usage.csv</c>: the report's totals row, then its rows. Without a grouping or with one dimension the first
/// column is <c>group</c> (<c>total</c> on the totals row); with two, one column per dimension. Then the numbers in
/// their first order, with columns added later appended (<c>cache_write_tokens</c>, issue 17; <c>errors</c> and the
/// names, issue 18), so readers of the columns by position keep working.
/// </summary>
internal static class UsageCsv
{
    private const string Numbers = "requests,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,cost_usd,estimated_requests,cache_write_tokens,errors";

    /// <summary>First characters that make a spreadsheet read a cell as a formula.</summary>
    private const string FormulaStarts = "=+-@\t\r";

    public static async Task WriteAsync(Stream stream, UsageReport report)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var grouping = report.Grouping;
        var (keyNames, providerKeyNames) = (grouping.Has("key"), grouping.Has("provider_key"));
        var leading = grouping.By.Count == UsageGrouping.MaxDimensions ? string.Join(',', grouping.By) : "group";
        await writer.WriteAsync($"{leading},{Numbers}{(keyNames ? ",key_name" : "")}{(providerKeyNames ? ",provider_key_name" : "")}\n");
        await WriteRowAsync(writer, grouping.By.Count == UsageGrouping.MaxDimensions ? ["total", ""] : ["total"], report.Totals, null, null);
        foreach (var row in report.Rows)
        {
            string[] first = grouping.By.Count == UsageGrouping.MaxDimensions
                ? [.. grouping.By.Select(d => UsageGrouping.ValueOf(d, row) ?? "")]
                : [row.Group ?? ""];
            await WriteRowAsync(writer, first, row, keyNames ? row.KeyName ?? "" : null, providerKeyNames ? row.ProviderKeyName ?? "" : null);
        }
    }

    private static Task WriteRowAsync(StreamWriter writer, string[] first, UsageFields row, string? keyName, string? providerKeyName)
    {
        var line = new StringBuilder();
        foreach (var cell in first)
        {
            line.Append(Quote(cell)).Append(',');
        }

        line.Append(CultureInfo.InvariantCulture,
            $"{row.Requests},{row.InputTokens},{row.CachedInputTokens},{row.OutputTokens},{row.ReasoningTokens},{row.CostUsd},{row.EstimatedRequests},{row.CacheWriteTokens},{row.Errors}");
        foreach (var name in new[] { keyName, providerKeyName })
        {
            if (name is not null)
            {
                line.Append(',').Append(Quote(name));
            }
        }

        return writer.WriteAsync(line.Append('\n').ToString());
    }

    /// <summary>
    /// A text cell: quoted when it holds a comma, quote or line break (RFC 4180). Names and models are written by tenants
    /// and the file is opened in spreadsheets, which run a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a
    /// tab or a carriage return as a formula (CSV injection): such a cell gets a leading apostrophe, which spreadsheets
    /// read as "text" and do not show, and is quoted.
    /// </summary>
    private static string Quote(string value)
    {
        var formula = value.Length > 0 && FormulaStarts.Contains(value[0]);
        return formula || value.Contains(',') || value.Contains('"') || value.Contains('\n') || value.Contains('\r')
            ? "\"" + (formula ? "'" : "") + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
