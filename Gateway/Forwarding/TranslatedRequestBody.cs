using System.Buffers;
using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// One attempt's request body in the upstream's format: the translation writes it (<see cref="IBufferWriter{T}"/>), then
/// the forwarder reads it once, front to back. The bytes live in a <see cref="PooledBufferWriter"/>, whose arrays are
/// cleared when they go back (they are the tenant's prompt), which happens when the attempt ends.
/// </summary>
internal sealed class TranslatedRequestBody : ForwardOnlyReadStream, IBufferWriter<byte>
{
    private readonly PooledBufferWriter _writer = new();
    private int _position;
    private bool _disposed;

    /// <summary>The translated body's length.</summary>
    public int Written => _writer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _writer.WrittenSpan;

    public void Advance(int count) => _writer.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer.GetMemory(sizeHint);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer.GetSpan(sizeHint);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = Math.Min(buffer.Length, Written - _position);
        _writer.WrittenMemory.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return ValueTask.FromResult(count);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }
}
