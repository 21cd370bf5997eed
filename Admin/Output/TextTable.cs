using System.Text;

namespace XaiRouter.Admin.Output;

/// <summary>A plain-text table: upper-case headers, columns padded to their widest cell, two spaces apart.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Add(params string?[] cells)
    {
        _rows.Add([.. cells.Select(static c => c ?? "-")]);
        return this;
    }

    public string Render()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var text = new StringBuilder();
        AppendLine(text, headers, widths);
        foreach (var row in _rows)
        {
            AppendLine(text, row, widths);
        }

        if (_rows.Count == 0)
        {
            text.AppendLine("(none)");
        }

        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Length ? cells[i] : "";
            line.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
        }

        text.AppendLine(line.ToString().TrimEnd());
    }
}
