using System.Text.Json;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Finds the number fields under a <c>usage</c> object in a JSON document fed chunk by chunk, without holding the
/// document: at the top level (chat, completions, embeddings, Responses, Anthropic's answers and <c>message_delta</c>),
/// under <c>response</c> (the Responses API's <c>response.completed</c> event) or under <c>message</c> (Anthropic's
/// <c>message_start</c> event). A document that is not JSON (or not UTF-8) simply yields nothing: no upstream answer
/// makes it throw.
/// </summary>
/// <remarks>
/// Names and numbers are read from the UTF-8 bytes: no string is made per property, and the answer's text goes to
/// <see cref="Usage.TextSample"/> decoded straight from the reader. One scanner serves every event of a stream
/// (<see cref="Reset()"/>).
/// </remarks>
/// <param name="text">Where the answer's text goes, for a token estimate when no usage comes; null: not kept.</param>
internal sealed class UsageScanner(Usage.TextSample? text = null)
{
    private const int MaxDepth = 64;

    /// <summary>Names deeper than this are not kept (no path this scanner reads goes deeper).</summary>
    private const int NamedDepths = 5;

    /// <summary>The counts <see cref="TokenUsage.FromFields"/> reads, by dotted path under <c>usage</c>, in slot order.</summary>
    private static readonly string[] CountPaths =
    [
        "prompt_tokens", "input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "completion_tokens", "output_tokens", "total_tokens",
        "prompt_tokens_details.cached_tokens", "input_tokens_details.cached_tokens", "completion_tokens_details.reasoning_tokens", "output_tokens_details.reasoning_tokens",
    ];

    private static readonly (byte[] Utf8, UsageName Name)[] KnownNames =
    [
        ("usage"u8.ToArray(), UsageName.Usage), ("response"u8.ToArray(), UsageName.Response), ("choices"u8.ToArray(), UsageName.Choices),
        ("output"u8.ToArray(), UsageName.Output), ("delta"u8.ToArray(), UsageName.Delta), ("content"u8.ToArray(), UsageName.Content),
        ("text"u8.ToArray(), UsageName.Text), ("refusal"u8.ToArray(), UsageName.Refusal), ("arguments"u8.ToArray(), UsageName.Arguments),
        ("prompt_tokens"u8.ToArray(), UsageName.PromptTokens), ("input_tokens"u8.ToArray(), UsageName.InputTokens),
        ("cache_read_input_tokens"u8.ToArray(), UsageName.CacheReadInputTokens), ("cache_creation_input_tokens"u8.ToArray(), UsageName.CacheCreationInputTokens),
        ("completion_tokens"u8.ToArray(), UsageName.CompletionTokens), ("output_tokens"u8.ToArray(), UsageName.OutputTokens),
        ("total_tokens"u8.ToArray(), UsageName.TotalTokens), ("prompt_tokens_details"u8.ToArray(), UsageName.PromptTokensDetails),
        ("input_tokens_details"u8.ToArray(), UsageName.InputTokensDetails), ("completion_tokens_details"u8.ToArray(), UsageName.CompletionTokensDetails),
        ("output_tokens_details"u8.ToArray(), UsageName.OutputTokensDetails), ("cached_tokens"u8.ToArray(), UsageName.CachedTokens),
        ("reasoning_tokens"u8.ToArray(), UsageName.ReasoningTokens), ("message"u8.ToArray(), UsageName.Message),
        ("partial_json"u8.ToArray(), UsageName.PartialJson), ("thinking"u8.ToArray(), UsageName.Thinking), ("input"u8.ToArray(), UsageName.Input),
        ("model"u8.ToArray(), UsageName.Model), ("finish_reason"u8.ToArray(), UsageName.FinishReason), ("stop_reason"u8.ToArray(), UsageName.StopReason),
    ];

    /// <summary>Longer model names or finish reasons (in the answer's escaped bytes) are not kept: no real one comes near.</summary>
    private const int MaxFactBytes = 128;

    private readonly UsageName[] _names = new UsageName[NamedDepths];
    private readonly long?[] _counts = new long?[CountPaths.Length];
    private readonly JsonChunks _chunks = new();
    private JsonChunks.Scanner? _scan;
    private JsonReaderState _state = NewState();

    /// <summary>How many depths have had a name (as a list of names per depth would have grown).</summary>
    private int _namedCount;

    /// <summary>A number under <c>usage</c> at a path the counts do not name: it counts only if it is invalid.</summary>
    private bool _otherField;
    private bool _otherInvalid;
    private bool _failed;

    /// <summary>Counts found since the last full reset are merged with the next documents' (see <see cref="Reset(bool)"/>).</summary>
    private bool _merging;

    /// <summary>The model the upstream says answered (the first one named), for telemetry; kept across <see cref="Reset(bool)"/>.</summary>
    public string? ResponseModel { get; private set; }

    /// <summary>Why the answer ended (the last <c>finish_reason</c> or <c>stop_reason</c>), for telemetry; kept across <see cref="Reset(bool)"/>.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Whether a count was found under <c>message.usage</c>: Anthropic's <c>message_start</c>, so the stream is Anthropic's.</summary>
    public bool SawMessageUsage { get; private set; }

    /// <summary>The usage found so far, or null when the document had none.</summary>
    public TokenUsage? Usage
    {
        get
        {
            if (!_otherField && Array.TrueForAll(_counts, c => c is null))
            {
                return null;
            }

            if (_otherInvalid)
            {
                return new TokenUsage(0, 0, 0, 0) { Invalid = true };
            }

            return FromSlots(_counts);
        }
    }

    /// <summary>
    /// <see cref="TokenUsage.FromFields"/>'s rule read straight from the slots (no dictionary of names per answer):
    /// any negative count (not a whole number) or an overflow is invalid, cache reads and writes count as input,
    /// and a total above the parts is unitemized output. <c>UsageScannerSlotTests</c> holds the two to the same results.
    /// </summary>
    private static TokenUsage FromSlots(long?[] counts)
    {
        foreach (var count in counts)
        {
            if (count < 0)
            {
                return new TokenUsage(0, 0, 0, 0) { Invalid = true };
            }
        }

        return TokenUsage.FromCounts(
            counts[0] ?? 0, counts[1] ?? 0, counts[2] ?? 0, counts[3] ?? 0, counts[4] ?? 0, counts[5] ?? 0, counts[6],
            counts[7] ?? 0, counts[8] ?? 0, counts[9] ?? 0, counts[10] ?? 0);
    }

    /// <summary>The dotted names of the slots, in slot order (for tests that hold <see cref="FromSlots"/> to <see cref="TokenUsage.FromFields"/>).</summary>
    internal static IReadOnlyList<string> SlotNames => CountPaths;

    /// <summary>Scans one complete document (an SSE event's data).</summary>
    public static TokenUsage? ScanDocument(ReadOnlySpan<byte> json, Usage.TextSample? text = null)
    {
        var scanner = new UsageScanner(text);
        scanner.Feed(json, final: true);
        return scanner.Usage;
    }

    /// <summary>Forgets everything seen, for the next document (the next event of a stream).</summary>
    public void Reset() => Reset(keepCounts: false);

    /// <summary>
    /// Readies the scanner for the next document. With <paramref name="keepCounts"/> the counts found so far stay, and
    /// the next documents' counts merge into them field by field (the larger wins; a negative one stays, so an
    /// invalid count is never hidden): Anthropic reports input and cache counts in <c>message_start</c> and
    /// cumulative output in <c>message_delta</c>, with or without repeating the input, depending on the API version.
    /// </summary>
    public void Reset(bool keepCounts)
    {
        Array.Clear(_names);
        _chunks.Clear();
        _state = NewState();
        _namedCount = 0;
        _failed = false;
        _merging = keepCounts;
        if (!keepCounts)
        {
            Array.Clear(_counts);
            _otherField = false;
            _otherInvalid = false;
            SawMessageUsage = false;
        }
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

    private static JsonReaderState NewState() => new(new JsonReaderOptions { MaxDepth = MaxDepth });

    private int Scan(ReadOnlySpan<byte> data, long dataStart, bool final)
    {
        var reader = new Utf8JsonReader(data, final, _state);
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _namedCount = Math.Max(_namedCount, depth + 1);
                    if (depth < NamedDepths)
                    {
                        _names[depth] = NameOf(ref reader);
                    }

                    break;
                case JsonTokenType.Number:
                    CountNumber(ref reader, depth);
                    break;
                case JsonTokenType.String when text is not null && IsAnswerText(depth):
                    text.Add(ref reader);
                    break;
                case JsonTokenType.String when depth < _namedCount && depth <= 3:
                    KeepAnswerFact(ref reader, depth);
                    break;
            }
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private static UsageName NameOf(ref Utf8JsonReader reader)
    {
        foreach (var (utf8, name) in KnownNames)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return name;
            }
        }

        return UsageName.Other;
    }

    private UsageName Name(int depth) => depth < NamedDepths ? _names[depth] : UsageName.Other;

    /// <summary>
    /// Generated text: choices' content or text, Responses output text, or a Responses text delta; Anthropic's
    /// content blocks (<c>content[].text</c>, <c>.thinking</c>, the strings of a tool's <c>.input</c>) and stream
    /// deltas (<c>delta.text</c>, <c>delta.partial_json</c>, <c>delta.thinking</c>).
    /// </summary>
    private bool IsAnswerText(int depth)
    {
        if (depth >= _namedCount || _namedCount < 2)
        {
            return false;
        }

        return (Name(1) is UsageName.Choices or UsageName.Output && Name(depth) is UsageName.Content or UsageName.Text or UsageName.Refusal or UsageName.Arguments)
            || (depth == 1 && Name(1) == UsageName.Delta)
            || (depth == 2 && Name(1) == UsageName.Delta && Name(2) is UsageName.Text or UsageName.PartialJson or UsageName.Thinking)
            || (depth >= 3 && Name(1) == UsageName.Content && Name(3) is UsageName.Text or UsageName.Thinking or UsageName.Input);
    }

    /// <summary>
    /// The answering model (<c>model</c> at the top, or under Anthropic's <c>message</c> or the Responses API's
    /// <c>response</c>) and why it ended (<c>choices[].finish_reason</c>; Anthropic's <c>stop_reason</c> at the top or
    /// under <c>delta</c>). Names only, never content: spans and metrics carry them.
    /// </summary>
    private void KeepAnswerFact(ref Utf8JsonReader reader, int depth)
    {
        var name = Name(depth);
        if (name == UsageName.Model && ResponseModel is null && (depth == 1 || (depth == 2 && Name(1) is UsageName.Message or UsageName.Response)))
        {
            ResponseModel = Fact(ref reader);
        }
        else if ((name == UsageName.FinishReason && depth == 3 && Name(1) == UsageName.Choices)
            || (name == UsageName.StopReason && (depth == 1 || (depth == 2 && Name(1) is UsageName.Delta or UsageName.Message))))
        {
            FinishReason = Fact(ref reader) ?? FinishReason;
        }
    }

    private static string? Fact(ref Utf8JsonReader reader) =>
        reader.HasValueSequence || reader.ValueSpan.Length > MaxFactBytes ? null : reader.GetString();

    /// <summary>Keeps a number that lies one or two levels under <c>usage</c>.</summary>
    private void CountNumber(ref Utf8JsonReader reader, int depth)
    {
        // Property names live at their value's depth: the value at depth d has its name at d.
        var start = _namedCount > 1 && Name(1) == UsageName.Usage ? 2
            : _namedCount > 2 && Name(1) is UsageName.Response or UsageName.Message && Name(2) == UsageName.Usage ? 3
            : -1;
        if (start < 0 || depth < start || depth > start + 1 || depth >= _namedCount)
        {
            return;
        }

        // A count that is not a whole number in range is kept as such, so the report is refused rather than read as 0.
        var value = reader.TryGetInt64(out var whole) ? whole : TokenUsage.NotAWholeNumber;
        SawMessageUsage |= start == 3 && Name(1) == UsageName.Message;
        if (Slot(depth == start ? UsageName.Usage : Name(start), Name(depth)) is { } slot)
        {
            _counts[slot] = _merging && _counts[slot] is { } earlier ? Merge(earlier, value) : value;
        }
        else
        {
            _otherField = true;
            _otherInvalid |= value < 0;
        }
    }

    /// <summary>Two reports of one count: the larger, unless either is negative (invalid), which then stays.</summary>
    private static long Merge(long earlier, long later) => earlier < 0 || later < 0 ? Math.Min(earlier, later) : Math.Max(earlier, later);

    /// <summary>The slot of <see cref="CountPaths"/> for a count named <paramref name="name"/> under <paramref name="parent"/> (<see cref="UsageName.Usage"/>: directly under usage).</summary>
    private static int? Slot(UsageName parent, UsageName name) => (parent, name) switch
    {
        (UsageName.Usage, >= UsageName.PromptTokens and <= UsageName.TotalTokens) => name - UsageName.PromptTokens,
        (UsageName.PromptTokensDetails, UsageName.CachedTokens) => 7,
        (UsageName.InputTokensDetails, UsageName.CachedTokens) => 8,
        (UsageName.CompletionTokensDetails, UsageName.ReasoningTokens) => 9,
        (UsageName.OutputTokensDetails, UsageName.ReasoningTokens) => 10,
        _ => null,
    };
}
