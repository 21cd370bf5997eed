using System.Buffers;
using System.Text.Json;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// An OpenAI chat completion stream (chunks, then <c>[DONE]</c>) turned into Anthropic's Messages events for an
/// Anthropic client, chunk by chunk (design §4.4): <c>message_start</c> once, one content block per text run or tool
/// call, one <c>ping</c> after the first block start, the finish reason and usage held until the end, then
/// <c>message_delta</c> and <c>message_stop</c> exactly once; an upstream error becomes an <c>error</c> event and the end.
/// </summary>
internal sealed class OpenAIChunksToAnthropicEvents(TranslationContext context) : IStreamTranslator
{
    private const string Untranslatable = "The upstream provider's stream could not be translated.";
    private const string EndedEarly = "The upstream provider's stream ended before the answer was complete.";
    private const string UpstreamFailed = "The upstream provider failed.";

    private static readonly string[] FinishReasons = ["stop", "length", "tool_calls", "content_filter", "function_call"];

    private readonly SseWriter _sse = new();

    // OpenAI tool call index → the Anthropic block index of its tool_use block, plus one (0: not seen yet).
    private readonly List<int> _toolBlocks = [];
    private readonly List<ToolFragment> _fragments = [];

    private bool _started;
    private bool _pinged;
    private bool _closed;
    private int _blockCount;
    private int _openBlock = -1;

    // The OpenAI tool index of the open block, or -1 when the open block is text.
    private int _openTool = -1;
    private bool _finishSeen;
    private string? _finishReason;
    private TokenUsage _usage;

    // What the current chunk holds (ranges of raw tokens in its data).
    private Range _id;
    private Range _model;
    private Range _content;
    private Range _finish;
    private Range _errorMessage;
    private bool _hasChoice;
    private bool _hasError;
    private bool _hasUsage;
    private long _prompt;
    private long _cached;
    private long _completion;
    private long _reasoning;

    public void OnEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (_closed)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            Close(output);
            return;
        }

        if (!TryRead(data))
        {
            Fail(output, [], Untranslatable);
            return;
        }

        if (_hasError)
        {
            Fail(output, data[_errorMessage], UpstreamFailed);
            return;
        }

        if (_hasChoice && !_started)
        {
            Start(output, data[_id], data[_model]);
        }

        if (StreamJson.HasText(data[_content]))
        {
            Text(output, data[_content]);
        }

        foreach (var fragment in _fragments)
        {
            if (!ToolCall(output, data, fragment))
            {
                Fail(output, [], Untranslatable);
                return;
            }
        }

        if (data[_finish].Length > 0)
        {
            CloseBlock(output);
            _finishSeen = true;
            _finishReason = StreamJson.Text(data[_finish], FinishReasons);
        }

        if (_hasUsage)
        {
            _usage = new TokenUsage(_prompt, _cached, _completion, _reasoning);
        }
    }

    public void OnEnd(IBufferWriter<byte> output)
    {
        if (_closed)
        {
            return;
        }

        // Without [DONE] the stream still ended properly once the finish reason came; before it, the answer is cut short.
        if (_finishSeen)
        {
            Close(output);
        }
        else
        {
            Fail(output, [], EndedEarly);
        }
    }

    private void Start(IBufferWriter<byte> output, ReadOnlySpan<byte> id, ReadOnlySpan<byte> model)
    {
        _started = true;
        var json = _sse.Event(output, "message_start"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_start"u8);
        json.WriteStartObject("message"u8);
        StreamJson.WriteRawOr(json, "id"u8, id, "msg_" + Guid.NewGuid().ToString("N"));
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        StreamJson.WriteRawOr(json, "model"u8, model, context.Model);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);

        // OpenAI reports usage only at the end: message_delta carries it.
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, 0);
        json.WriteNumber("cache_creation_input_tokens"u8, 0);
        json.WriteNumber("cache_read_input_tokens"u8, 0);
        json.WriteNumber("output_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        _sse.End();
    }

    private void Text(IBufferWriter<byte> output, ReadOnlySpan<byte> rawText)
    {
        if (_openBlock < 0 || _openTool >= 0)
        {
            CloseBlock(output);
            var start = StartBlock(output);
            start.WriteStartObject("content_block"u8);
            start.WriteString("type"u8, "text"u8);
            start.WriteString("text"u8, ""u8);
            EndBlockStart(output, start);
        }

        Delta(output, "text_delta"u8, "text"u8, rawText);
    }

    /// <summary>One tool call fragment: a new call opens its block; arguments go to the open block.</summary>
    /// <returns><see langword="false"/> for arguments of a call whose block was closed already (a protocol error).</returns>
    private bool ToolCall(IBufferWriter<byte> output, ReadOnlySpan<byte> data, ToolFragment fragment)
    {
        if (fragment.Index is < 0 or > 1024)
        {
            return false;
        }

        while (_toolBlocks.Count <= fragment.Index)
        {
            _toolBlocks.Add(0);
        }

        if (_toolBlocks[fragment.Index] == 0)
        {
            CloseBlock(output);
            _toolBlocks[fragment.Index] = _blockCount + 1;
            var start = StartBlock(output);
            start.WriteStartObject("content_block"u8);
            start.WriteString("type"u8, "tool_use"u8);
            StreamJson.WriteRawOr(start, "id"u8, data[fragment.Id], $"toolu_{fragment.Index}");
            StreamJson.WriteRawOr(start, "name"u8, data[fragment.Name], "");
            start.WriteStartObject("input"u8);
            start.WriteEndObject();
            _openTool = fragment.Index;
            EndBlockStart(output, start);
        }
        else if (_openTool != fragment.Index || _openBlock < 0)
        {
            return false;
        }

        if (StreamJson.HasText(data[fragment.Arguments]))
        {
            Delta(output, "input_json_delta"u8, "partial_json"u8, data[fragment.Arguments]);
        }

        return true;
    }

    /// <summary>Writes <c>content_block_start</c> up to its <c>content_block</c> (the caller writes that, then calls <see cref="EndBlockStart"/>).</summary>
    private Utf8JsonWriter StartBlock(IBufferWriter<byte> output)
    {
        if (!_started)
        {
            Start(output, [], []);
        }

        _openBlock = _blockCount++;
        _openTool = -1;
        var json = _sse.Event(output, "content_block_start"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_start"u8);
        json.WriteNumber("index"u8, _openBlock);
        return json;
    }

    private void EndBlockStart(IBufferWriter<byte> output, Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.WriteEndObject();
        _sse.End();

        // Anthropic sends one ping right after the first block starts; clients expect it there.
        if (!_pinged)
        {
            _pinged = true;
            var ping = _sse.Event(output, "ping"u8);
            ping.WriteStartObject();
            ping.WriteString("type"u8, "ping"u8);
            ping.WriteEndObject();
            _sse.End();
        }
    }

    private void Delta(IBufferWriter<byte> output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> field, ReadOnlySpan<byte> rawValue)
    {
        var json = _sse.Event(output, "content_block_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_delta"u8);
        json.WriteNumber("index"u8, _openBlock);
        json.WriteStartObject("delta"u8);
        json.WriteString("type"u8, type);
        json.WritePropertyName(field);
        json.WriteRawValue(rawValue, skipInputValidation: true);
        json.WriteEndObject();
        json.WriteEndObject();
        _sse.End();
    }

    private void CloseBlock(IBufferWriter<byte> output)
    {
        if (_openBlock < 0)
        {
            return;
        }

        var json = _sse.Event(output, "content_block_stop"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_stop"u8);
        json.WriteNumber("index"u8, _openBlock);
        json.WriteEndObject();
        _sse.End();
        _openBlock = -1;
        _openTool = -1;
    }

    /// <summary>The clean end: the open block closes, then <c>message_delta</c> with the held stop reason and usage, then <c>message_stop</c>.</summary>
    private void Close(IBufferWriter<byte> output)
    {
        if (!_started)
        {
            Start(output, [], []);
        }

        CloseBlock(output);
        var json = _sse.Event(output, "message_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("stop_reason"u8, StopReasons.ToAnthropic(_finishReason));
        json.WriteNull("stop_sequence"u8);
        json.WriteEndObject();
        UsageMapping.WriteAnthropicUsage(json, _usage);
        json.WriteEndObject();
        _sse.End();

        var stop = _sse.Event(output, "message_stop"u8);
        stop.WriteStartObject();
        stop.WriteString("type"u8, "message_stop"u8);
        stop.WriteEndObject();
        _sse.End();
        _closed = true;
    }

    /// <summary>Anthropic's error event (always <c>api_error</c>: the status is 200 already), then nothing more.</summary>
    private void Fail(IBufferWriter<byte> output, ReadOnlySpan<byte> rawMessage, string fallback)
    {
        var json = _sse.Event(output, "error"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, "api_error"u8);
        StreamJson.WriteRawOr(json, "message"u8, rawMessage, fallback);
        json.WriteEndObject();
        json.WriteEndObject();
        _sse.End();
        _closed = true;
    }

    /// <summary>Reads one chunk into the per-chunk fields.</summary>
    /// <returns><see langword="false"/> when the data is not a JSON object.</returns>
    private bool TryRead(ReadOnlySpan<byte> data)
    {
        _id = _model = _content = _finish = _errorMessage = default;
        _hasChoice = _hasError = _hasUsage = false;
        _fragments.Clear();
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    ReadChoices(ref reader);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    _id = StreamJson.NextRawString(ref reader);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    _model = StreamJson.NextRawString(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    ReadUsage(ref reader);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    ReadError(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // n > 1 is refused on the way in: the first choice is the answer.
            if (!_hasChoice && reader.TokenType == JsonTokenType.StartObject)
            {
                _hasChoice = true;
                ReadChoice(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadChoice(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadDelta(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                _finish = StreamJson.NextRawString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>The delta's content and tool calls; <c>role</c> and reasoning text (which an Anthropic client did not ask for) are left out.</summary>
    private void ReadDelta(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                _content = StreamJson.NextRawString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        _fragments.Add(ReadToolCall(ref reader));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static ToolFragment ReadToolCall(ref Utf8JsonReader reader)
    {
        var fragment = new ToolFragment { Index = -1 };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                fragment.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : -1;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                fragment.Id = StreamJson.NextRawString(ref reader);
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("name"u8))
                    {
                        fragment.Name = StreamJson.NextRawString(ref reader);
                    }
                    else if (reader.ValueTextEquals("arguments"u8))
                    {
                        fragment.Arguments = StreamJson.NextRawString(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return fragment;
    }

    private void ReadUsage(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        _hasUsage = true;
        _prompt = _cached = _completion = _reasoning = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                _prompt = StreamJson.NextCount(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                _completion = StreamJson.NextCount(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                _cached = NextDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                _reasoning = NextDetail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static long NextDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return 0;
        }

        long count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                count = StreamJson.NextCount(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return count;
    }

    /// <summary>OpenAI's <c>{"error":{"message":...}}</c>, or a bare string some proxies send.</summary>
    private void ReadError(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        _hasError = true;
        if (reader.TokenType == JsonTokenType.String)
        {
            _errorMessage = StreamJson.RawString(ref reader);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                _errorMessage = StreamJson.NextRawString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>One entry of a chunk's <c>delta.tool_calls</c>: ranges of raw tokens in the chunk's data.</summary>
    private struct ToolFragment
    {
        public int Index;
        public Range Id;
        public Range Name;
        public Range Arguments;
    }
}
