namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Stands in for the response body while the forwarder writes to it: every byte goes on to the client as it comes,
/// and the usage the upstream reports is picked out on the way. An SSE stream is passed on event by event (an event
/// is held only until its blank line); a JSON body is passed on chunk by chunk and scanned incrementally.
/// </summary>
/// <remarks>
/// The usage of an OpenAI stream is the last event that carries one (the usage chunk, or <c>response.completed</c>).
/// Anthropic's stream spreads it: input and cache counts in <c>message_start</c>, cumulative output in
/// <c>message_delta</c> (which only newer API versions make complete); once a <c>message_start</c> usage is seen,
/// the counts of the following events merge into it field by field.
/// </remarks>
/// <param name="inner">The client's response body.</param>
/// <param name="response">The client's response (its content type tells SSE from JSON).</param>
/// <param name="routerAskedForUsage">
/// Whether the router added <c>stream_options.include_usage</c> itself; then the usage-only chunk the upstream sends
/// is taken out of the client's stream, which looks exactly as the client asked for it.
/// </param>
/// <param name="timeProvider">The clock for the time to first byte.</param>
/// <param name="maxEventBytes">The most of one SSE event held for its scan (<c>Upstream:MaxRequestBodySize</c> by default); a longer one is passed on unscanned.</param>
internal sealed class UsageTap(Stream inner, HttpResponse response, Func<bool> routerAskedForUsage, TimeProvider timeProvider,
    long maxEventBytes = Hosting.UpstreamOptions.DefaultMaxRequestBodySize) : Stream
{
    /// <summary>
    /// An event grew past <c>maxEventBytes</c> without its end: it is passed on unscanned as it comes rather than held
    /// without bound; <see cref="_event"/> then keeps only its last two bytes (already passed on), to find its end.
    /// </summary>
    private bool _passingLongEvent;

    /// <summary>The answer's text, for a token estimate when the upstream reports no usage.</summary>
    public Usage.TextSample Text { get; } = new();

    private UsageScanner? _jsonScanner;
    private UsageScanner? _eventScanner;
    private readonly MemoryStream _event = new();
    private bool? _isEventStream;
    private TokenUsage? _streamUsage;

    /// <summary>An Anthropic stream: each event's usage merges into the usage so far (see the remarks).</summary>
    private bool _mergeEvents;

    /// <summary>When the first body byte came from the upstream (a <see cref="TimeProvider"/> timestamp), or 0.</summary>
    public long FirstByteAt { get; private set; }

    /// <summary>The usage the upstream reported, if any.</summary>
    public TokenUsage? Usage => _isEventStream == true ? _streamUsage : Json.Usage;

    /// <summary>The model the upstream says answered, if it named one.</summary>
    public string? ResponseModel => (_isEventStream == true ? _eventScanner : _jsonScanner)?.ResponseModel;

    /// <summary>Why the upstream's answer ended (<c>finish_reason</c> or <c>stop_reason</c>), if it said.</summary>
    public string? FinishReason => (_isEventStream == true ? _eventScanner : _jsonScanner)?.FinishReason;

    private UsageScanner Json => _jsonScanner ??= new UsageScanner(Text);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (FirstByteAt == 0 && !buffer.IsEmpty)
        {
            FirstByteAt = timeProvider.GetTimestamp();
        }

        _isEventStream ??= response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        if (_isEventStream == false)
        {
            Json.Feed(buffer.Span, final: false);
            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        // Pass on every complete event; keep the incomplete tail until its end arrives.
        var rest = buffer;
        while (!rest.IsEmpty)
        {
            var end = EndOfEvent(rest.Span);
            if (_passingLongEvent)
            {
                var part = end < 0 ? rest : rest[..end];
                await inner.WriteAsync(part, cancellationToken);
                KeepTail(part.Span);
                if (end < 0)
                {
                    return;
                }

                _passingLongEvent = false;
                _event.SetLength(0);
                rest = rest[end..];
                continue;
            }

            if (end < 0)
            {
                if (_event.Length + rest.Length > maxEventBytes)
                {
                    await inner.WriteAsync(_event.GetBuffer().AsMemory(0, (int)_event.Length), cancellationToken);
                    await inner.WriteAsync(rest, cancellationToken);
                    KeepTail(rest.Span);
                    _passingLongEvent = true;
                    return;
                }

                _event.Write(rest.Span);
                return;
            }

            _event.Write(rest.Span[..end]);
            rest = rest[end..];
            await CompleteEventAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    /// <summary>Passes on whatever is still held (a stream that ended without a blank line) and ends the scan.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_event.Length > 0 && !_passingLongEvent)
        {
            await CompleteEventAsync(cancellationToken);
        }

        // An event stream's usage comes from its events; ending the JSON scan of a body that never came would
        // only make the reader throw (and catch) on an empty document.
        if (_isEventStream == false)
        {
            Json.Feed([], final: true);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _event.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task CompleteEventAsync(CancellationToken cancellationToken)
    {
        var bytes = _event.GetBuffer().AsMemory(0, (int)_event.Length);
        var data = EventData(bytes.Span);
        var forward = true;
        if (!data.IsEmpty && ScanEvent(data) is { } usage)
        {
            _streamUsage = usage;
            forward = _mergeEvents || !(routerAskedForUsage() && IsUsageOnlyChunk(data));
        }

        if (forward)
        {
            await inner.WriteAsync(bytes, cancellationToken);
        }

        _event.SetLength(0);
    }

    /// <summary>
    /// The usage in one event's JSON (an Anthropic stream's: merged with the events before), with one scanner for
    /// every event of the stream.
    /// </summary>
    private TokenUsage? ScanEvent(ReadOnlySpan<byte> data)
    {
        var scanner = _eventScanner ??= new UsageScanner(Text);
        scanner.Reset(keepCounts: _mergeEvents);
        scanner.Feed(data, final: true);
        _mergeEvents |= scanner.SawMessageUsage;
        return scanner.Usage;
    }

    /// <summary>A chat chunk that carries only usage: <c>"choices": []</c>.</summary>
    private static bool IsUsageOnlyChunk(ReadOnlySpan<byte> data)
    {
        var reader = new System.Text.Json.Utf8JsonReader(data);
        try
        {
            using var document = System.Text.Json.JsonDocument.ParseValue(ref reader);
            return document.RootElement.TryGetProperty("choices", out var choices)
                && choices.ValueKind == System.Text.Json.JsonValueKind.Array && choices.GetArrayLength() == 0;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Keeps the last two bytes passed on of a long event (with those before them), for <see cref="EndOfEvent"/>.</summary>
    private void KeepTail(ReadOnlySpan<byte> passed)
    {
        var held = _event.Length > 0 ? _event.GetBuffer().AsSpan(0, (int)_event.Length).ToArray() : [];
        var joined = held.Length + passed.Length > 2 ? [.. held, .. passed[Math.Max(0, passed.Length - 2)..]] : (byte[])[.. held, .. passed];
        _event.SetLength(0);
        _event.Write(joined.AsSpan(Math.Max(0, joined.Length - 2)));
    }

    /// <summary>The index just past the blank line that ends the first event in <paramref name="span"/> (across held bytes), or -1.</summary>
    private int EndOfEvent(ReadOnlySpan<byte> span)
    {
        // The previous byte may be the first newline of the pair, held from an earlier write.
        var previous = _event.Length > 0 ? _event.GetBuffer()[_event.Length - 1] : (byte)0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == (byte)'\n' && (previous == (byte)'\n' || (previous == (byte)'\r' && IsCrLfPair(span, i))))
            {
                return i + 1;
            }

            previous = span[i];
        }

        return -1;
    }

    private bool IsCrLfPair(ReadOnlySpan<byte> span, int index)
    {
        // "\r\n\r\n": the byte two back must be '\n'.
        var twoBack = index >= 2 ? span[index - 2] : _event.Length + index >= 2 ? _event.GetBuffer()[_event.Length + index - 2] : (byte)0;
        return twoBack == (byte)'\n';
    }

    /// <summary>The JSON of the event's <c>data:</c> line, or null for comments, <c>[DONE]</c> and multi-line data.</summary>
    private static ReadOnlySpan<byte> EventData(ReadOnlySpan<byte> eventBytes)
    {
        foreach (var range in eventBytes.Split((byte)'\n'))
        {
            var line = eventBytes[range].TrimEnd((byte)'\r');
            if (line.StartsWith("data:"u8))
            {
                var data = line[5..].TrimStart((byte)' ');
                return data.SequenceEqual("[DONE]"u8) ? [] : data;
            }
        }

        return [];
    }
}
