using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The client's request body, read just far enough to know its model, then handed on as a stream: first the bytes
/// read so far (with the model replaced after alias resolution), then the rest of the client's stream, each chunk
/// scanned and counted as it passes. Nothing is held whole. It replaces <c>HttpContext.Request.Body</c> for the
/// forwarder, which reads it once, forward only.
/// </summary>
/// <remarks>
/// The bytes held are in an array of <see cref="RequestBodyPool"/>, sized from <c>Content-Length</c> (a 60-byte chat
/// body takes a 64-byte array) and grown by doubling when the length is unknown or wrong; it goes back to the pool,
/// cleared as far as it was written, when the body is disposed (every path of the pipeline disposes it).
/// </remarks>
internal sealed class ScannedRequestBody : ForwardOnlyReadStream
{
    /// <summary>The first buffer of a body of unknown length (chunked): most chat bodies fit.</summary>
    private const int UnknownLengthStart = 4 * 1024;

    /// <summary>The first buffer of a body of known length at most: a larger body grows into more only if it must be held.</summary>
    private const int MaxStart = (int)ForwardingPipeline.SmallBody;

    private readonly Stream _source;
    private readonly JsonBodyScanner _scanner = new();
    private readonly long _limit;
    private readonly long? _contentLength;
    private readonly RequestBodyPool _pool;
    private byte[] _prefix = [];
    private int _prefixLength;
    private int _readInFlightEnd;
    private bool _disposed;
    private long _total;
    private bool _ended;
    private int _position;
    private bool _injectUsage;
    private long _prefixShift;
    private int? _modelLength;
    private byte[] _pending = [];
    private int _pendingOffset;

    private ScannedRequestBody(Stream source, long? contentLength, long limit, RequestBodyPool pool)
    {
        _source = source;
        _contentLength = contentLength;
        _limit = limit;
        _pool = pool;
    }

    /// <summary>The prompt text seen so far, for a token estimate if the upstream reports no usage.</summary>
    public Usage.TextSample Text => _scanner.Text;

    /// <summary>The output token cap the body sets, once read that far.</summary>
    public long? MaxTokens => _scanner.MaxTokens;

    /// <summary>Bytes of the body read from the client so far (all of it, once forwarded): a bound on its prompt's tokens.</summary>
    public long BytesRead => _total;

    /// <summary>The model named by the body.</summary>
    public string? Model => _scanner.Model;

    /// <summary>
    /// Whether <c>"stream_options":{"include_usage":true}</c> was added to a streamed request that did not ask for
    /// usage, so that the usage chunk the upstream then sends is the router's, not the client's.
    /// </summary>
    public bool UsageInjected { get; private set; }

    /// <summary>
    /// Why the body was refused while it was forwarded (bad JSON, a read field twice, too large, too slow, broken
    /// framing), for the error answer; the forwarder then aborts the upstream request, which never completes.
    /// </summary>
    public Exception? Failure { get; private set; }

    /// <summary>Reads from <paramref name="source"/> until the top-level model is known or the body ends.</summary>
    /// <exception cref="InvalidRequestBodyException">Malformed before the model was found.</exception>
    /// <exception cref="RequestBodyTooLargeException">Over <paramref name="limit"/> before the model was found.</exception>
    /// <exception cref="BadHttpRequestException">The server refused the body (too slow, broken framing).</exception>
    public static Task<ScannedRequestBody> ReadUntilModelAsync(Stream source, long limit, CancellationToken cancellationToken) =>
        ReadUntilModelAsync(source, null, limit, RequestBodyPool.Shared, cancellationToken);

    /// <summary>Reads from <paramref name="source"/> until the top-level model is known or the body ends.</summary>
    /// <param name="source">The client's body.</param>
    /// <param name="contentLength">Its declared length, if any: the size of the first buffer (a wrong one only costs a copy).</param>
    /// <param name="limit">The most bytes the body may have.</param>
    /// <param name="pool">Where the buffer comes from and goes back to.</param>
    /// <param name="cancellationToken">The client's abort.</param>
    /// <exception cref="InvalidRequestBodyException">Malformed before the model was found.</exception>
    /// <exception cref="RequestBodyTooLargeException">Over <paramref name="limit"/> before the model was found.</exception>
    /// <exception cref="BadHttpRequestException">The server refused the body (too slow, broken framing).</exception>
    public static async Task<ScannedRequestBody> ReadUntilModelAsync(Stream source, long? contentLength, long limit, RequestBodyPool pool,
        CancellationToken cancellationToken)
    {
        var body = new ScannedRequestBody(source, contentLength, limit, pool);
        try
        {
            while (body.Model is null && !body._ended)
            {
                await body.ReadChunkAsync(cancellationToken);
            }

            return body;
        }
        catch
        {
            await body.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads the rest of the body into memory (within the size limit), for admission checks that need the whole
    /// prompt's token count or its <c>max_tokens</c>; only requests limited by tokens or a budget pay for it.
    /// </summary>
    /// <exception cref="InvalidRequestBodyException">Malformed.</exception>
    /// <exception cref="RequestBodyTooLargeException">Over the limit.</exception>
    public async Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        while (!_ended)
        {
            await ReadChunkAsync(cancellationToken);
        }
    }

    private async Task ReadChunkAsync(CancellationToken cancellationToken)
    {
        EnsurePrefixSpace();

        // Until the read returns, the whole free part may hold the client's bytes: cleared on return if it throws.
        _readInFlightEnd = _prefix.Length;
        var read = await _source.ReadAsync(_prefix.AsMemory(_prefixLength), cancellationToken);
        _readInFlightEnd = 0;
        _prefixLength += read;
        Accept(_prefix.AsSpan(_prefixLength - read, read));
    }

    /// <summary>Sends <paramref name="model"/> upstream in place of the model the body names now (again for a fallback).</summary>
    public void ReplaceModel(string model)
    {
        // The model token lies wholly in the prefix: it was read to learn the model.
        var start = (int)_scanner.ModelToken.Start;
        var length = _modelLength ?? _scanner.ModelToken.Length;
        var replacement = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(model, CompatJsonContext.Default.String);
        var splicedLength = _prefixLength - length + replacement.Length;
        var spliced = _pool.Rent(splicedLength);
        _prefix.AsSpan(0, start).CopyTo(spliced);
        replacement.CopyTo(spliced.AsSpan(start));
        _prefix.AsSpan(start + length, _prefixLength - start - length).CopyTo(spliced.AsSpan(start + replacement.Length));
        _pool.Return(_prefix, _prefixLength);
        _prefix = spliced;
        _prefixLength = splicedLength;
        _prefixShift += replacement.Length - length;
        _modelLength = replacement.Length;
    }

    /// <summary>Whether the client's body has been read to its end (a header timeout before it says nothing about the upstream).</summary>
    public bool SourceEnded => _ended;

    /// <summary>Whether the whole body is in memory, so it can be sent again.</summary>
    public bool CanRewind => _ended && _pendingOffset >= _pending.Length;

    /// <summary>The length of the body as it will be sent, when it is whole in memory (<see cref="CanRewind"/>).</summary>
    public long? KnownLength => CanRewind ? _prefixLength : null;

    /// <summary>
    /// The whole body as it would be sent (model replaced, usage option added), for a translation; only when it was read
    /// whole before forwarding began (<see cref="ReadToEndAsync"/>), so <see cref="CanRewind"/>.
    /// </summary>
    public ReadOnlySpan<byte> WholeBody => CanRewind ? _prefix.AsSpan(0, _prefixLength) : throw new InvalidOperationException("The body is not wholly in memory.");

    /// <summary>Starts the body over, for another attempt; only when <see cref="CanRewind"/>.</summary>
    public void Rewind()
    {
        if (!CanRewind)
        {
            throw new InvalidOperationException("The body is not wholly in memory.");
        }

        _position = 0;
    }

    /// <summary>
    /// Asks for the upstream's usage in a streamed request that did not ask for it: <c>stream_options</c> is added
    /// just before the closing brace, once the whole body has shown that it streams and has no options of its own.
    /// </summary>
    public void RequestStreamUsage()
    {
        _injectUsage = true;
        if (_scanner.RootEnd >= 0)
        {
            // The body's end is already in the prefix.
            InjectInPrefix();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // After disposal the buffer is the pool's (another request's): nothing may be read from it.
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A zero-byte read (YARP waits for data that way) is not the end of the body: pass it through.
        if (buffer.IsEmpty)
        {
            return _position < _prefixLength || _pendingOffset < _pending.Length || _ended ? 0 : await WaitForDataAsync(buffer, cancellationToken);
        }

        if (_pendingOffset < _pending.Length)
        {
            var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
            _pending.AsMemory(_pendingOffset, count).CopyTo(buffer);
            _pendingOffset += count;
            return count;
        }

        if (_position < _prefixLength)
        {
            var count = Math.Min(buffer.Length, _prefixLength - _position);
            _prefix.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        if (_ended)
        {
            return 0;
        }

        var chunkStart = _total;
        int read;
        try
        {
            // Kestrel's refusals (too slow, broken chunk framing) are the client's bad input too, answered 4xx.
            read = await _source.ReadAsync(buffer, cancellationToken);
            Accept(buffer.Span[..read]);
        }
        catch (Exception exception) when (ClientInputErrors.IsClientFault(exception))
        {
            Failure = exception;
            throw;
        }

        if (ShouldInject && _scanner.RootEnd >= chunkStart && _scanner.RootEnd < chunkStart + read)
        {
            // Hand on the bytes before the closing brace now; the options and the rest follow on the next reads.
            var split = (int)(_scanner.RootEnd - chunkStart);
            _pending = [.. UsageOption, .. buffer.Span[split..read]];
            _pendingOffset = 0;
            UsageInjected = true;
            return split;
        }

        return read;
    }

    /// <summary>A zero-byte read of the client's body: where a slow body or broken framing is found while waiting.</summary>
    private async ValueTask<int> WaitForDataAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _source.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception exception) when (ClientInputErrors.IsClientFault(exception))
        {
            Failure = exception;
            throw;
        }
    }

    private static ReadOnlySpan<byte> UsageOption => ",\"stream_options\":{\"include_usage\":true}"u8;

    private bool ShouldInject => _injectUsage && !UsageInjected && _scanner.StreamRequested && !_scanner.StreamOptionsPresent;

    private void InjectInPrefix()
    {
        if (!ShouldInject)
        {
            return;
        }

        var end = (int)(_scanner.RootEnd + (_scanner.RootEnd > _scanner.ModelToken.Start ? _prefixShift : 0));
        var injectedLength = _prefixLength + UsageOption.Length;
        var injected = _pool.Rent(injectedLength);
        _prefix.AsSpan(0, end).CopyTo(injected);
        UsageOption.CopyTo(injected.AsSpan(end));
        _prefix.AsSpan(end, _prefixLength - end).CopyTo(injected.AsSpan(end + UsageOption.Length));
        _pool.Return(_prefix, _prefixLength);
        _prefix = injected;
        _prefixLength = injectedLength;
        UsageInjected = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _scanner.Dispose();
            _pool.Return(_prefix, Math.Max(_prefixLength, _readInFlightEnd));
            _prefix = [];
            _prefixLength = 0;
            _position = 0;
            Array.Clear(_pending);
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Makes room for the next read: the first buffer fits the declared length plus the byte whose absence shows the
    /// end (bounded by the limit plus the byte that shows it is exceeded); a full one doubles.
    /// </summary>
    private void EnsurePrefixSpace()
    {
        if (_prefixLength < _prefix.Length)
        {
            return;
        }

        var cap = (int)Math.Min(_limit + 1, Array.MaxLength);
        var size = _prefix.Length == 0
            ? _contentLength is >= 0 and var declared ? (int)Math.Min(declared, MaxStart - 1) + 1 : UnknownLengthStart
            : (int)Math.Min((long)_prefix.Length * 2, Array.MaxLength);
        // Never smaller than what is held: an alias or the usage option may have made it longer than the limit.
        var grown = _pool.Rent(Math.Max(_prefixLength + 1, Math.Min(size, cap)));
        _prefix.AsSpan(0, _prefixLength).CopyTo(grown);
        _pool.Return(_prefix, _prefixLength);
        _prefix = grown;
    }

    /// <summary>Counts and scans a chunk; an empty chunk is the end of the body.</summary>
    private void Accept(ReadOnlySpan<byte> chunk)
    {
        _ended = chunk.IsEmpty;
        _total += chunk.Length;
        if (_total > _limit)
        {
            throw new RequestBodyTooLargeException(_limit);
        }

        _scanner.Feed(chunk, final: _ended);
    }
}
