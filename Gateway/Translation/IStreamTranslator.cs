using System.Buffers;

namespace XaiRouter.Gateway.Translation;

/// <summary>Turns one upstream stream into the client's, event by event (issue 17, part D).</summary>
internal interface IStreamTranslator
{
    /// <summary>One complete upstream SSE event; <paramref name="data"/> is its data payload (JSON, or <c>[DONE]</c>).</summary>
    void OnEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, IBufferWriter<byte> output);

    /// <summary>The upstream ended, cleanly or not: writes what closes the client's stream, unless it is closed already.</summary>
    void OnEnd(IBufferWriter<byte> output);
}
