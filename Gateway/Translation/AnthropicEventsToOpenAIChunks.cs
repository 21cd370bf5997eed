using System.Buffers;
using System.Text.Json;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// An Anthropic Messages stream turned into OpenAI chat completion chunks for an OpenAI client, event by event
/// (design §4.4): the role chunk at <c>message_start</c>, text and tool call deltas (tool calls numbered from 0 in the
/// order their blocks start), the finish reason at <c>message_delta</c>, then the usage chunk (when the client asked for
/// it) and <c>[DONE]</c> exactly once; thinking, signatures, pings and block stops give nothing; an upstream
/// <c>error</c> event becomes OpenAI's error chunk and the end.
/// </summary>
internal sealed class AnthropicEventsToOpenAIChunks(TranslationContext context) : IStreamTranslator
{
    private const string Untranslatable = "The upstream provider's stream could not be translated.";
    private const string EndedEarly = "The upstream provider's stream ended before the answer was complete.";
    private const string UpstreamFailed = "The upstream provider failed.";

    private static readonly string[] StopReasonValues = ["end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal", "model_context_window_exceeded"];

    private readonly SseWriter _sse = new();

    // Anthropic block index → the OpenAI tool call index of its tool_use block, or -1 for any other block.
    private readonly List<int> _blockTools = [];

    // The message's id and model as raw JSON strings, written into every chunk.
    private byte[]? _id;
    private byte[]? _model;
    private long _created;
    private int _toolCount;
    private bool _started;
    private bool _finished;
    private bool _closed;

    // Usage is cumulative across message_start and message_delta: each field keeps its largest value.
    private long _input;
    private long _cacheRead;
    private long _cacheCreation;
    private long _output;

    // What the current event holds (ranges of raw tokens in its data).
    private Range _type;
    private Range _messageId;
    private Range _messageModel;
    private Range _blockType;
    private Range _blockId;
    private Range _blockName;
    private Range _blockText;
    private Range _deltaType;
    private Range _deltaText;
    private Range _partialJson;
    private Range _stopReason;
    private Range _errorType;
    private Range _errorMessage;
    private int _index;

    public void OnEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (_closed)
        {
            return;
        }

        if (!TryRead(data))
        {
            Fail(output, [], [], Untranslatable);
            return;
        }

        // Anthropic's SDKs dispatch on the event name; the data's type is the same, and stands in when a proxy drops the name.
        var type = eventName;
        if (type.IsEmpty && data[_type].Length >= 2)
        {
            type = data[_type][1..^1];
        }

        if (type.SequenceEqual("content_block_delta"u8))
        {
            BlockDelta(output, data);
        }
        else if (type.SequenceEqual("content_block_start"u8))
        {
            BlockStart(output, data);
        }
        else if (type.SequenceEqual("message_start"u8))
        {
            Start(output, data[_messageId], data[_messageModel]);
        }
        else if (type.SequenceEqual("message_delta"u8))
        {
            Finish(output, StreamJson.Text(data[_stopReason], StopReasonValues));
        }
        else if (type.SequenceEqual("message_stop"u8))
        {
            Close(output);
        }
        else if (type.SequenceEqual("error"u8))
        {
            Fail(output, data[_errorType], data[_errorMessage], UpstreamFailed);
        }

        // ping, content_block_stop and anything newer: nothing for an OpenAI client.
    }

    public void OnEnd(IBufferWriter<byte> output)
    {
        if (_closed)
        {
            return;
        }

        // Without message_stop the stream still ended properly once message_delta gave the stop reason.
        if (_finished)
        {
            Close(output);
        }
        else
        {
            Fail(output, [], [], EndedEarly);
        }
    }

    private void Start(IBufferWriter<byte> output, ReadOnlySpan<byte> id, ReadOnlySpan<byte> model)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _created = context.Time.GetUtcNow().ToUnixTimeSeconds();
        _id = StreamJson.HasText(id) ? id.ToArray() : null;
        _model = StreamJson.HasText(model) ? model.ToArray() : null;
        var json = BeginDelta(output);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        EndDelta(json, null);
    }

    private void BlockStart(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        Start(output, [], []);
        var tool = -1;
        if (StreamJson.Is(data[_blockType], "tool_use"u8))
        {
            tool = _toolCount++;
            var json = BeginDelta(output);
            json.WriteStartArray("tool_calls"u8);
            json.WriteStartObject();
            json.WriteNumber("index"u8, tool);
            StreamJson.WriteRawOr(json, "id"u8, data[_blockId], $"call_{tool}");
            json.WriteString("type"u8, "function"u8);
            json.WriteStartObject("function"u8);
            StreamJson.WriteRawOr(json, "name"u8, data[_blockName], "");
            json.WriteString("arguments"u8, ""u8);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            EndDelta(json, null);
        }
        else if (StreamJson.Is(data[_blockType], "text"u8) && StreamJson.HasText(data[_blockText]))
        {
            Content(output, data[_blockText]);
        }

        if (_index is >= 0 and <= 4096)
        {
            while (_blockTools.Count <= _index)
            {
                _blockTools.Add(-1);
            }

            _blockTools[_index] = tool;
        }
    }

    private void BlockDelta(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        var deltaType = data[_deltaType];
        if (StreamJson.Is(deltaType, "text_delta"u8))
        {
            if (StreamJson.HasText(data[_deltaText]))
            {
                Start(output, [], []);
                Content(output, data[_deltaText]);
            }
        }
        else if (StreamJson.Is(deltaType, "input_json_delta"u8))
        {
            var tool = _index >= 0 && _index < _blockTools.Count ? _blockTools[_index] : -1;
            if (tool < 0)
            {
                // Arguments for a block that never started as a tool call: the upstream broke the protocol.
                Fail(output, [], [], Untranslatable);
                return;
            }

            if (StreamJson.HasText(data[_partialJson]))
            {
                var json = BeginDelta(output);
                json.WriteStartArray("tool_calls"u8);
                json.WriteStartObject();
                json.WriteNumber("index"u8, tool);
                json.WriteStartObject("function"u8);
                json.WritePropertyName("arguments"u8);
                json.WriteRawValue(data[_partialJson], skipInputValidation: true);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                EndDelta(json, null);
            }
        }

        // thinking_delta, signature_delta, citations_delta: nothing an OpenAI chat client can take.
    }

    private void Content(IBufferWriter<byte> output, ReadOnlySpan<byte> rawText)
    {
        var json = BeginDelta(output);
        json.WritePropertyName("content"u8);
        json.WriteRawValue(rawText, skipInputValidation: true);
        EndDelta(json, null);
    }

    private void Finish(IBufferWriter<byte> output, string? stopReason)
    {
        if (_finished)
        {
            return;
        }

        Start(output, [], []);
        _finished = true;
        var json = BeginDelta(output);
        EndDelta(json, StopReasons.ToOpenAI(stopReason));
    }

    /// <summary>The clean end: the finish chunk if none came, the usage chunk when the client asked for it, then <c>[DONE]</c>.</summary>
    private void Close(IBufferWriter<byte> output)
    {
        Finish(output, null);
        if (context.ClientWantsUsage)
        {
            var json = BeginChunk(output);
            json.WriteStartArray("choices"u8);
            json.WriteEndArray();
            var input = _input + _cacheRead + _cacheCreation;
            UsageMapping.WriteOpenAIUsage(json, new TokenUsage(input, _cacheRead, _output, 0));
            json.WriteEndObject();
            _sse.End();
        }

        SseWriter.Done(output);
        _closed = true;
    }

    /// <summary>OpenAI's error chunk (as an OpenAI upstream sends one mid-stream), then nothing more: no <c>[DONE]</c>.</summary>
    private void Fail(IBufferWriter<byte> output, ReadOnlySpan<byte> rawType, ReadOnlySpan<byte> rawMessage, string fallback)
    {
        var json = _sse.Data(output);
        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        StreamJson.WriteRawOr(json, "message"u8, rawMessage, fallback);
        json.WriteString("type"u8, OpenAIErrorType(rawType));
        json.WriteNull("param"u8);
        StreamJson.WriteRawOr(json, "code"u8, rawType, "api_error");
        json.WriteEndObject();
        json.WriteEndObject();
        _sse.End();
        _closed = true;
    }

    /// <summary>OpenAI's error type for an Anthropic one (design §4.3): 4xx kinds are invalid requests, 429 a rate limit, the rest server errors.</summary>
    private static ReadOnlySpan<byte> OpenAIErrorType(ReadOnlySpan<byte> rawType) =>
        StreamJson.Is(rawType, "rate_limit_error"u8) ? "rate_limit_exceeded"u8
        : StreamJson.Is(rawType, "invalid_request_error"u8) || StreamJson.Is(rawType, "authentication_error"u8)
            || StreamJson.Is(rawType, "permission_error"u8) || StreamJson.Is(rawType, "not_found_error"u8)
            || StreamJson.Is(rawType, "request_too_large"u8) ? "invalid_request_error"u8
        : "api_error"u8;

    /// <summary>Starts a chunk: <c>{"id","object","created","model"</c>; the caller writes the rest and closes it.</summary>
    private Utf8JsonWriter BeginChunk(IBufferWriter<byte> output)
    {
        var json = _sse.Data(output);
        json.WriteStartObject();
        if (_id is null)
        {
            json.WriteString("id"u8, "chatcmpl-translated"u8);
        }
        else
        {
            json.WritePropertyName("id"u8);
            json.WriteRawValue(_id, skipInputValidation: true);
        }

        json.WriteString("object"u8, "chat.completion.chunk"u8);
        json.WriteNumber("created"u8, _created);
        if (_model is null)
        {
            json.WriteString("model"u8, context.Model);
        }
        else
        {
            json.WritePropertyName("model"u8);
            json.WriteRawValue(_model, skipInputValidation: true);
        }

        return json;
    }

    /// <summary>Starts a chunk with one choice, up to inside its <c>delta</c> object.</summary>
    private Utf8JsonWriter BeginDelta(IBufferWriter<byte> output)
    {
        var json = BeginChunk(output);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("delta"u8);
        return json;
    }

    private void EndDelta(Utf8JsonWriter json, string? finishReason)
    {
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        if (finishReason is null)
        {
            json.WriteNull("finish_reason"u8);
        }
        else
        {
            json.WriteString("finish_reason"u8, finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        _sse.End();
    }

    /// <summary>Reads one event into the per-event fields.</summary>
    /// <returns><see langword="false"/> when the data is not a JSON object.</returns>
    private bool TryRead(ReadOnlySpan<byte> data)
    {
        _type = _messageId = _messageModel = _blockType = _blockId = _blockName = _blockText = default;
        _deltaType = _deltaText = _partialJson = _stopReason = _errorType = _errorMessage = default;
        _index = -1;
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    _type = StreamJson.NextRawString(ref reader);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    _index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : -1;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    ReadObject(ref reader, Part.Delta);
                }
                else if (reader.ValueTextEquals("content_block"u8))
                {
                    ReadObject(ref reader, Part.Block);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    ReadObject(ref reader, Part.Message);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    ReadObject(ref reader, Part.Usage);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    ReadObject(ref reader, Part.Error);
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

    /// <summary>Reads the fields of one nested object the translation needs, by which object it is.</summary>
    private void ReadObject(ref Utf8JsonReader reader, Part part)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (part)
            {
                case Part.Delta when reader.ValueTextEquals("type"u8):
                    _deltaType = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Delta when reader.ValueTextEquals("text"u8):
                    _deltaText = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Delta when reader.ValueTextEquals("partial_json"u8):
                    _partialJson = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Delta when reader.ValueTextEquals("stop_reason"u8):
                    _stopReason = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Block when reader.ValueTextEquals("type"u8):
                    _blockType = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Block when reader.ValueTextEquals("id"u8):
                    _blockId = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Block when reader.ValueTextEquals("name"u8):
                    _blockName = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Block when reader.ValueTextEquals("text"u8):
                    _blockText = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Message when reader.ValueTextEquals("id"u8):
                    _messageId = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Message when reader.ValueTextEquals("model"u8):
                    _messageModel = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Message when reader.ValueTextEquals("usage"u8):
                    ReadObject(ref reader, Part.Usage);
                    break;
                case Part.Usage when reader.ValueTextEquals("input_tokens"u8):
                    _input = Math.Max(_input, StreamJson.NextCount(ref reader));
                    break;
                case Part.Usage when reader.ValueTextEquals("cache_read_input_tokens"u8):
                    _cacheRead = Math.Max(_cacheRead, StreamJson.NextCount(ref reader));
                    break;
                case Part.Usage when reader.ValueTextEquals("cache_creation_input_tokens"u8):
                    _cacheCreation = Math.Max(_cacheCreation, StreamJson.NextCount(ref reader));
                    break;
                case Part.Usage when reader.ValueTextEquals("output_tokens"u8):
                    _output = Math.Max(_output, StreamJson.NextCount(ref reader));
                    break;
                case Part.Error when reader.ValueTextEquals("type"u8):
                    _errorType = StreamJson.NextRawString(ref reader);
                    break;
                case Part.Error when reader.ValueTextEquals("message"u8):
                    _errorMessage = StreamJson.NextRawString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private enum Part
    {
        Delta,
        Block,
        Message,
        Usage,
        Error,
    }
}
