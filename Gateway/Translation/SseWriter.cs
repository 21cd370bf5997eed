using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Writes client-format SSE events into a buffer: the <c>event: x\ndata: </c> or <c>data: </c> prefix, one JSON
/// document through a <see cref="Utf8JsonWriter"/> kept for the stream, and the blank line.
/// </summary>
internal sealed class SseWriter
{
    // Text is copied from the upstream's JSON as it is (already escaped), and what the router writes itself needs no
    // HTML-safe escaping: the relaxed encoder keeps non-ASCII text readable. JSON escapes line breaks, so a payload
    // can never end an SSE event early.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Utf8JsonWriter? _json;
    private IBufferWriter<byte>? _output;

    /// <summary>Starts <c>event: <paramref name="name"/>\ndata: </c> and returns the writer for its JSON.</summary>
    public Utf8JsonWriter Event(IBufferWriter<byte> output, ReadOnlySpan<byte> name)
    {
        output.Write("event: "u8);
        output.Write(name);
        output.Write("\ndata: "u8);
        return Json(output);
    }

    /// <summary>Starts a nameless event (<c>data: </c>) and returns the writer for its JSON.</summary>
    public Utf8JsonWriter Data(IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        return Json(output);
    }

    /// <summary>Ends the event started last: its JSON, then the blank line.</summary>
    public void End()
    {
        _json!.Flush();
        _output!.Write("\n\n"u8);
    }

    /// <summary>OpenAI's end of stream.</summary>
    public static void Done(IBufferWriter<byte> output) => output.Write("data: [DONE]\n\n"u8);

    private Utf8JsonWriter Json(IBufferWriter<byte> output)
    {
        _output = output;
        if (_json is null)
        {
            _json = new Utf8JsonWriter(output, Options);
        }
        else
        {
            _json.Reset(output);
        }

        return _json;
    }
}
