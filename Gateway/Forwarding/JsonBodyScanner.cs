using System.Text.Json;
using System.Text.Unicode;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Checks a JSON request body chunk by chunk as it streams through, and picks out the top-level <c>"model"</c>:
/// the body is never held whole, yet malformed JSON, a non-object body, a non-string model, a string that is not
/// UTF-8, and a second top-level occurrence of a field the router reads (<see cref="ReadFields"/>) are caught.
/// </summary>
/// <remarks>
/// A duplicate of a field the router reads is refused because JSON parsers disagree about which one counts: the
/// router would check and bill one model while the upstream served the other. Duplicates of other fields are the
/// upstream's business and pass through unchanged.
/// </remarks>
internal sealed class JsonBodyScanner : IDisposable
{
    private const int MaxDepth = 128;

    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = MaxDepth });
    private readonly JsonChunks _chunks = new();
    private JsonChunks.Scanner? _scan;
    private bool _started;
    /// <summary>Names deeper than this are not kept: what a prompt string is only depends on the first levels.</summary>
    private const int NamedDepths = 9;

    /// <summary>What each level's last property name says about the strings under it (read from UTF-8, no string made).</summary>
    private readonly PromptName[] _names = new PromptName[NamedDepths];
    private int _namedCount;
    private bool _modelValueNext;
    private bool _streamValueNext;
    private bool _maxTokensValueNext;
    private int _fieldsSeen;

    /// <summary>The top-level fields the router reads (policy, routing, limits, usage, estimates): each may appear once.</summary>
    private static readonly byte[][] ReadFields =
    [
        "model"u8.ToArray(), "stream"u8.ToArray(), "stream_options"u8.ToArray(), "max_tokens"u8.ToArray(), "max_completion_tokens"u8.ToArray(),
        "max_output_tokens"u8.ToArray(), "messages"u8.ToArray(), "input"u8.ToArray(), "prompt"u8.ToArray(), "instructions"u8.ToArray(),
        "system"u8.ToArray(),
    ];

    /// <summary>The top-level <c>model</c> value, once seen.</summary>
    public string? Model { get; private set; }

    /// <summary>Where the model's JSON string (quotes included) starts in the body, and its length in bytes.</summary>
    public (long Start, int Length) ModelToken { get; private set; }

    /// <summary>Whether the body has a top-level <c>"stream": true</c>.</summary>
    public bool StreamRequested { get; private set; }

    /// <summary>Whether the body has a top-level <c>stream_options</c>.</summary>
    public bool StreamOptionsPresent { get; private set; }

    /// <summary>
    /// The top-level <c>max_tokens</c>, <c>max_completion_tokens</c> or <c>max_output_tokens</c>, if a whole number
    /// (the largest, when the body sets more than one of them: the upstream may honour any).
    /// </summary>
    public long? MaxTokens { get; private set; }

    /// <summary>The prompt text (message contents, inputs, prompts, instructions, Anthropic's system prompt), for a token estimate if needed.</summary>
    public Usage.TextSample Text { get; } = new();

    /// <summary>Where the closing brace of the top-level object is in the body, once seen; -1 before.</summary>
    public long RootEnd { get; private set; } = -1;

    /// <summary>Scans the next chunk; with <paramref name="final"/> the body must be complete.</summary>
    /// <exception cref="InvalidRequestBodyException">
    /// The body is not a well-formed JSON object in UTF-8, <c>model</c> is not a string, or a field the router reads appears twice.
    /// </exception>
    public void Feed(ReadOnlySpan<byte> chunk, bool final)
    {
        try
        {
            _chunks.Feed(chunk, final, _scan ??= Scan);
        }
        catch (JsonException exception)
        {
            throw new InvalidRequestBodyException($"The request body is not valid JSON ({exception.Message.Split('.')[0]}).");
        }
        catch (InvalidOperationException)
        {
            // The reader's only complaint left once every string's bytes are valid UTF-8: an escaped lone surrogate.
            throw new InvalidRequestBodyException(InvalidTextMessage);
        }
    }

    private const string InvalidTextMessage = "The request body has a string that is not valid UTF-8 text.";

    public void Dispose() => _chunks.Clear();

    private int Scan(ReadOnlySpan<byte> data, long dataStart, bool final)
    {
        var reader = new Utf8JsonReader(data, final, _state);
        while (reader.Read())
        {
            // The reader checks JSON syntax but not the bytes inside strings: a prompt that is not UTF-8 is refused
            // here, before any of it is sent, rather than by the upstream (or by a decoder deep in the router).
            if (reader.TokenType is (JsonTokenType.String or JsonTokenType.PropertyName) && !Utf8.IsValid(reader.ValueSpan))
            {
                throw new InvalidRequestBodyException(InvalidTextMessage);
            }

            if (!_started)
            {
                _started = true;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new InvalidRequestBodyException("The request body must be a JSON object.");
                }
            }
            else if (_modelValueNext)
            {
                _modelValueNext = false;
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new InvalidRequestBodyException("'model' must be a string.");
                }

                Model = reader.GetString();
                ModelToken = (dataStart + reader.TokenStartIndex, reader.ValueSpan.Length + 2);
            }
            else if (_maxTokensValueNext)
            {
                _maxTokensValueNext = false;
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var maxTokens) && maxTokens >= 0)
                {
                    MaxTokens = Math.Max(MaxTokens ?? 0, maxTokens);
                }
            }
            else if (_streamValueNext)
            {
                _streamValueNext = false;
                StreamRequested = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.TokenType == JsonTokenType.PropertyName)
            {
                Remember(reader.CurrentDepth, reader.CurrentDepth < NamedDepths ? PromptNames.Of(ref reader) : PromptName.Other);
            }
            else if (reader.TokenType == JsonTokenType.String && IsPromptText(reader.CurrentDepth))
            {
                Text.Add(ref reader);
            }

            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                CheckOnce(ref reader);
                _modelValueNext = reader.ValueTextEquals("model"u8);
                _streamValueNext = reader.ValueTextEquals("stream"u8);
                _maxTokensValueNext = reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8)
                    || reader.ValueTextEquals("max_output_tokens"u8);
                StreamOptionsPresent |= reader.ValueTextEquals("stream_options"u8);
            }
            else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
            {
                RootEnd = dataStart + reader.TokenStartIndex;
            }
        }

        if (final && !_started)
        {
            throw new InvalidRequestBodyException("The request body is empty; it must be a JSON object.");
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>Refuses a second top-level occurrence of a field the router reads.</summary>
    private void CheckOnce(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < ReadFields.Length; i++)
        {
            if (reader.ValueTextEquals(ReadFields[i]))
            {
                if ((_fieldsSeen & (1 << i)) != 0)
                {
                    throw new InvalidRequestBodyException(
                        $"The request body has '{System.Text.Encoding.UTF8.GetString(ReadFields[i])}' more than once; send each field once.");
                }

                _fieldsSeen |= 1 << i;
                return;
            }
        }
    }

    private void Remember(int depth, PromptName name)
    {
        _namedCount = Math.Max(_namedCount, depth + 1);
        if (depth < NamedDepths)
        {
            _names[depth] = name;
        }
    }

    /// <summary>A string under messages, input, prompt, instructions or system, other than roles, names, types and ids.</summary>
    private bool IsPromptText(int depth)
    {
        if (depth < 1 || _namedCount < 2 || _names[1] != PromptName.PromptField)
        {
            return false;
        }

        return depth >= _namedCount || depth >= NamedDepths || _names[depth] != PromptName.NotText;
    }
}
