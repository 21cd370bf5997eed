namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Write-only stream between the usage tap and the client's body: upstream-format bytes in, client-format bytes out
/// (issue 17, part D; until then it passes bytes through).
/// </summary>
internal sealed class TranslatingResponseBody(Stream client, HttpResponse response, TranslationContext context) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public HttpResponse Response => response;

    public TranslationContext Context => context;

    /// <summary>Ends the answer: writes a buffered JSON or error answer, or closes a stream.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => client.FlushAsync(cancellationToken);

    public override void Flush() => client.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => client.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => client.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        client.WriteAsync(buffer, cancellationToken);
}
