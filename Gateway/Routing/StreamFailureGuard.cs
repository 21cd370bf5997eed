using System.Net;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// Wraps an upstream's event stream so that, if the upstream breaks off after the client has part of the answer
/// (too late to try another key), the client's stream ends with an error event instead of a silent cut: OpenAI's
/// SDKs raise it as an error.
/// </summary>
internal sealed class StreamFailureGuard(HttpContent inner, UpstreamAttempt attempt) : HttpContent
{
    public static ReadOnlySpan<byte> ErrorEvent =>
        "data: {\"error\":{\"message\":\"The upstream provider's stream broke off.\",\"type\":\"api_error\",\"param\":null,\"code\":\"upstream_stream_error\"}}\n\n"u8;

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new GuardedStream(await inner.ReadAsStreamAsync(cancellationToken), attempt);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var source = await CreateContentReadStreamAsync(CancellationToken.None);
        await source.CopyToAsync(stream);
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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class GuardedStream(Stream source, UpstreamAttempt attempt) : Forwarding.ForwardOnlyReadStream
    {
        private int _errorSent = -1;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_errorSent >= 0)
            {
                return WriteError(buffer.Span);
            }

            try
            {
                return await source.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested && !attempt.ClientGone)
            {
                attempt.DroppedMidStream = true;
                _errorSent = 0;
                return WriteError(buffer.Span);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>Hands out the error event across as many reads as the buffers need, then the end.</summary>
        private int WriteError(Span<byte> buffer)
        {
            var rest = ErrorEvent[_errorSent..];
            var count = Math.Min(rest.Length, buffer.Length);
            rest[..count].CopyTo(buffer);
            _errorSent += count;
            return count;
        }
    }
}
