using System.Text.Json;
using System.Text.Json.Serialization;

namespace XaiRouter.Admin.Output;

/// <summary>Writes a command's answer: a table for people, or with <c>--json</c> the same data as indented JSON (snake_case).</summary>
internal sealed class AdminOutput(TextWriter writer, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public bool Json => json;

    /// <summary>Writes <paramref name="data"/> as JSON, or the table <paramref name="table"/> builds from it.</summary>
    public async Task WriteAsync<T>(T data, Func<T, TextTable> table)
    {
        if (json)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(data, JsonOptions));
        }
        else
        {
            await writer.WriteAsync(table(data).Render());
        }
    }

    /// <summary>A line for people (ignored with <c>--json</c>, whose output stays one JSON document).</summary>
    public async Task NoteAsync(string line)
    {
        if (!json)
        {
            await writer.WriteLineAsync(line);
        }
    }
}
