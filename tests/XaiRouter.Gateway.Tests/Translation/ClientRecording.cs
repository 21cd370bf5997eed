using System.Text;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>A client body that records every write and counts flushes, to check what reached the client and when.</summary>
internal sealed class ClientRecording : Stream
{
    private readonly MemoryStream _bytes = new();

    public List<string> Writes { get; } = [];

    public int Flushes { get; private set; }

    /// <summary>Writes made since the last flush (a write the client may not have seen yet).</summary>
    public int UnflushedWrites { get; private set; }

    public string Text => Encoding.UTF8.GetString(_bytes.ToArray());

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _bytes.Length;

    public override long Position { get => _bytes.Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Record(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Record(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        Flushes++;
        UnflushedWrites = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bytes.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Record(ReadOnlySpan<byte> bytes)
    {
        Writes.Add(Encoding.UTF8.GetString(bytes));
        UnflushedWrites++;
        _bytes.Write(bytes);
    }
}
