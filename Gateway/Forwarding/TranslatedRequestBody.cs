using System.Buffers;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// One attempt's request body in the upstream's format: the translation writes it (<see cref="IBufferWriter{T}"/>), then
/// the forwarder reads it once, front to back. The bytes are held in a pooled array, cleared when it goes back (they
/// are the tenant's prompt), which happens when the attempt ends.
/// </summary>
internal sealed class TranslatedRequestBody : ForwardOnlyReadStream, IBufferWriter<byte>
{
    private const int FirstSize = 4 * 1024;

    private byte[] _buffer = [];
    private int _written;
    private int _position;
    private bool _disposed;

    /// <summary>The translated body's length.</summary>
    public int Written => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = Math.Min(buffer.Length, _written - _position);
        _buffer.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return ValueTask.FromResult(count);
    }

    private void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(FirstSize, _buffer.Length * 2)));
        _buffer.AsSpan(0, _written).CopyTo(grown);
        Release();
        _buffer = grown;
    }

    private void Release()
    {
        if (_buffer.Length > 0)
        {
            // Wholly cleared: a writer may have filled more than it advanced over.
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            Release();
            _buffer = [];
            _written = 0;
        }

        base.Dispose(disposing);
    }
}
