using System.Net;

namespace XaiRouter.Gateway.Routing;

/// <summary>An upstream's body of which the start was already read (<see cref="UpstreamErrorBody"/>): those bytes, then the rest, streamed.</summary>
internal sealed class ReplayedContent(byte[] prefix, int length, Stream rest, HttpContent original) : HttpContent
{
    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult<Stream>(new ReplayStream(prefix, length, rest));

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(prefix.AsMemory(0, length));
        await rest.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
            original.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class ReplayStream(byte[] prefix, int length, Stream rest) : Forwarding.ForwardOnlyReadStream
    {
        private int _position;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= length)
            {
                return rest.ReadAsync(buffer, cancellationToken);
            }

            var count = Math.Min(buffer.Length, length - _position);
            prefix.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return ValueTask.FromResult(count);
        }
    }
}
