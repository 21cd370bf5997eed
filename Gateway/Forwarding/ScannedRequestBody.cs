using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The client's request body, read just far enough to know its model, then handed on as a stream: first the bytes
/// read so far (with the model replaced after alias resolution), then the rest of the client's stream, each chunk
/// scanned and counted as it passes. Nothing is held whole. It replaces <c>HttpContext.Request.Body</c> for the
/// forwarder, which reads it once, forward only.
/// </summary>
internal sealed class ScannedRequestBody : Stream
{
    private const int ChunkSize = 16 * 1024;

    private readonly Stream _source;
    private readonly JsonBodyScanner _scanner = new();
    private readonly long _limit;
    private byte[] _prefix = [];
    private int _prefixLength;
    private long _total;
    private bool _ended;
    private byte[]? _replacementModel;
    private int _position;

    private ScannedRequestBody(Stream source, long limit)
    {
        _source = source;
        _limit = limit;
    }

    /// <summary>The model named by the body.</summary>
    public string? Model => _scanner.Model;

    /// <summary>Why the body was refused while it was forwarded (bad JSON, too large), for the error answer.</summary>
    public Exception? Failure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads from <paramref name="source"/> until the top-level model is known or the body ends.</summary>
    /// <exception cref="InvalidRequestBodyException">Malformed before the model was found.</exception>
    /// <exception cref="RequestBodyTooLargeException">Over <paramref name="limit"/> before the model was found.</exception>
    public static async Task<ScannedRequestBody> ReadUntilModelAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        var body = new ScannedRequestBody(source, limit);
        try
        {
            while (body.Model is null && !body._ended)
            {
                body.EnsurePrefixSpace();

                var read = await source.ReadAsync(body._prefix.AsMemory(body._prefixLength, ChunkSize), cancellationToken);
                body.Accept(body._prefix.AsSpan(body._prefixLength, read));
                body._prefixLength += read;
            }

            return body;
        }
        catch
        {
            await body.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="model"/> upstream in place of the model the client named.</summary>
    public void ReplaceModel(string model)
    {
        // The model token lies wholly in the prefix: it was read to learn the model.
        var (start, length) = _scanner.ModelToken;
        var replacement = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(model, CompatJsonContext.Default.String);
        var spliced = new byte[_prefixLength - length + replacement.Length];
        _prefix.AsSpan(0, (int)start).CopyTo(spliced);
        replacement.CopyTo(spliced.AsSpan((int)start));
        _prefix.AsSpan((int)start + length, _prefixLength - (int)start - length).CopyTo(spliced.AsSpan((int)start + replacement.Length));
        _prefix = spliced;
        _prefixLength = spliced.Length;
        _replacementModel = replacement;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // A zero-byte read (YARP waits for data that way) is not the end of the body: pass it through.
        if (buffer.IsEmpty)
        {
            return _position < _prefixLength || _ended ? 0 : await _source.ReadAsync(buffer, cancellationToken);
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

        var read = await _source.ReadAsync(buffer, cancellationToken);
        try
        {
            Accept(buffer.Span[..read]);
        }
        catch (Exception exception) when (exception is InvalidRequestBodyException or RequestBodyTooLargeException)
        {
            Failure = exception;
            throw;
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scanner.Dispose();
            Array.Clear(_prefix);
        }

        base.Dispose(disposing);
    }

    private void EnsurePrefixSpace()
    {
        if (_prefix.Length - _prefixLength < ChunkSize)
        {
            Array.Resize(ref _prefix, Math.Max(_prefix.Length * 2, _prefixLength + ChunkSize));
        }
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
