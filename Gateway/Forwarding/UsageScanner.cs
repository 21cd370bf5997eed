using System.Text;
using System.Text.Json;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Finds the number fields under a <c>usage</c> object in a JSON document fed chunk by chunk, without holding the
/// document: at the top level (chat, completions, embeddings, Responses) or under <c>response</c> (the Responses
/// API's <c>response.completed</c> event). A document that is not JSON (or not UTF-8) simply yields nothing: no
/// upstream answer makes it throw.
/// </summary>
/// <param name="text">Where the answer's text goes, for a token estimate when no usage comes; null: not kept.</param>
internal sealed class UsageScanner(Usage.TextSample? text = null)
{
    private const int MaxDepth = 64;

    private readonly List<string?> _names = [];
    private readonly Dictionary<string, long> _fields = new(StringComparer.Ordinal);
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = MaxDepth });
    private readonly JsonChunks _chunks = new();
    private JsonChunks.Scanner? _scan;
    private bool _failed;

    /// <summary>The usage found so far, or null when the document had none.</summary>
    public TokenUsage? Usage => _fields.Count == 0 ? null : TokenUsage.FromFields(_fields);

    /// <summary>Scans one complete document (an SSE event's data).</summary>
    public static TokenUsage? ScanDocument(ReadOnlySpan<byte> json, Usage.TextSample? text = null)
    {
        var scanner = new UsageScanner(text);
        scanner.Feed(json, final: true);
        return scanner.Usage;
    }

    public void Feed(ReadOnlySpan<byte> chunk, bool final)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            _chunks.Feed(chunk, final, _scan ??= Scan);
        }
        catch (JsonException)
        {
            _failed = true;
        }
        catch (InvalidOperationException)
        {
            // A name or text that is not UTF-8 (the reader fails to decode it): the upstream's document counts for nothing.
            _failed = true;
        }
    }

    private int Scan(ReadOnlySpan<byte> data, long dataStart, bool final)
    {
        var reader = new Utf8JsonReader(data, final, _state);
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    while (_names.Count <= depth)
                    {
                        _names.Add(null);
                    }

                    _names[depth] = depth <= 4 ? reader.GetString() : null;
                    break;
                case JsonTokenType.Number when UsagePath(depth) is { } path:
                    // A count that is not a whole number in range is kept as such, so the report is refused rather than read as 0.
                    _fields[path] = reader.TryGetInt64(out var value) ? value : TokenUsage.NotAWholeNumber;
                    break;
                case JsonTokenType.String when text is not null && IsAnswerText(depth):
                    text.Add(reader.GetString());
                    break;
            }
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>Generated text: choices' content or text, Responses output text, or a Responses text delta.</summary>
    private bool IsAnswerText(int depth)
    {
        if (depth >= _names.Count || _names.Count < 2)
        {
            return false;
        }

        return (_names[1] is "choices" or "output" && _names[depth] is "content" or "text" or "refusal" or "arguments")
            || (depth == 1 && _names[1] == "delta");
    }

    /// <summary>The dotted path under <c>usage</c> of a value at <paramref name="depth"/>, or null when it is elsewhere.</summary>
    private string? UsagePath(int depth)
    {
        // Property names live one level above their value's depth for objects: value at depth d has its name at d.
        var start = _names.Count > 1 && _names[1] == "usage" ? 2
            : _names.Count > 2 && _names[1] == "response" && _names[2] == "usage" ? 3
            : -1;
        if (start < 0 || depth < start || depth > start + 1 || depth >= _names.Count)
        {
            return null;
        }

        var builder = new StringBuilder();
        for (var i = start; i <= depth; i++)
        {
            if (i > start)
            {
                builder.Append('.');
            }

            builder.Append(_names[i]);
        }

        return builder.ToString();
    }
}
