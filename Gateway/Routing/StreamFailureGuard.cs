using System.Net;

namespace XaiRouter.Gateway.Routing;

/// <summary>
/// Wraps an upstream's event stream so that, if the upstream breaks off after the client has part of the answer
/// (too late to try another key), the client's stream ends with an error event instead of a silent cut: OpenAI's and
/// Anthropic's SDKs raise it as an error. The event is in the upstream's format, so that a translated stream turns it
/// into the client's like any other upstream event.
/// </summary>
internal sealed class StreamFailureGuard(HttpContent inner, UpstreamAttempt attempt, Translation.WireFormat format = Translation.WireFormat.OpenAIChat) : HttpContent
{
    public static ReadOnlySpan<byte> ErrorEvent =>
        "data: {\"error\":{\"message\":\"The upstream provider's stream broke off.\",\"type\":\"api_error\",\"param\":null,\"code\":\"upstream_stream_error\"}}\n\n"u8;

    /// <summary>The same, as Anthropic's <c>error</c> event.</summary>
    public static ReadOnlySpan<byte> AnthropicErrorEvent =>
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The upstream provider's stream broke off.\"}}\n\n"u8;

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new GuardedStream(await inner.ReadAsStreamAsync(cancellationToken), attempt, format);

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

    private sealed class GuardedStream(Stream source, UpstreamAttempt attempt, Translation.WireFormat format) : Forwarding.ForwardOnlyReadStream
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
            var rest = (format == Translation.WireFormat.AnthropicMessages ? AnthropicErrorEvent : ErrorEvent)[_errorSent..];
            var count = Math.Min(rest.Length, buffer.Length);
            rest[..count].CopyTo(buffer);
            _errorSent += count;
            return count;
        }
    }
}
