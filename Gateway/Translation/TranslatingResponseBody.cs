using System.Buffers;
using System.Text.Json;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Write-only stream between the usage tap and the client's body: upstream-format bytes in, client-format bytes out
/// (issue 17, part D). The mode is chosen at the first write (or flush) from the upstream's status and content type:
/// an error (status ≥ 400) or a JSON answer is held whole and translated at <see cref="CompleteAsync"/>; an event
/// stream is split into events, each translated, written and flushed as it comes.
/// </summary>
/// <remarks>
/// Bad upstream bytes never throw to the forwarder: an untranslatable JSON answer becomes a 502 <c>api_error</c> in the
/// client's envelope, an untranslatable event the client format's error event. In the held modes a flush goes
/// nowhere, since YARP's copier flushes as it goes and a flush would send the upstream's status and headers before
/// the answer is known (and the 502 would come too late).
/// </remarks>
/// <param name="client">The client's response body.</param>
/// <param name="response">The client's response: its status and content type choose the mode; the held modes set its length.</param>
/// <param name="context">The attempt's translation.</param>
/// <param name="maxHeldBytes">The largest answer held whole (<c>Upstream:MaxRequestBodySize</c>); a larger one is answered with a 502.</param>
internal sealed partial class TranslatingResponseBody(Stream client, HttpResponse response, TranslationContext context, long maxHeldBytes = UpstreamOptions.DefaultMaxRequestBodySize)
    : Stream
{
    private const string UntranslatableAnswer = "The upstream answer could not be translated.";

    private Mode _mode;
    private ArrayBufferWriter<byte>? _held;
    private bool _tooLarge;
    private IStreamTranslator? _translator;
    private SseEventFramer? _framer;
    private ArrayBufferWriter<byte>? _events;

    // A translator failed in a way it should not (a bug, not bad upstream bytes): the connection is aborted, nothing more goes out.
    private bool _broken;
    private bool _completed;

    private enum Mode
    {
        Undecided,
        HeldError,
        HeldJson,
        Events,
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public HttpResponse Response => response;

    public TranslationContext Context => context;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Decide() != Mode.Events)
        {
            Hold(buffer.Span);
            return;
        }

        var offset = 0;
        while (offset < buffer.Length && !_broken)
        {
            offset += TranslateNextEvent(buffer.Span[offset..]);
            await SendEventsAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Decide() == Mode.Events ? client.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
        if (Decide() == Mode.Events)
        {
            client.Flush();
        }
    }

    /// <summary>
    /// Ends the answer: closes a stream (the last event without its blank line, then what closes the client's
    /// stream), or translates and writes the held JSON or error answer. Call it once the upstream's answer went
    /// through (not for an attempt that was held back for the next key).
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        var mode = Decide();
        if (mode == Mode.Events)
        {
            if (!_broken)
            {
                var rest = _framer!.TakeRest();
                if (!rest.IsEmpty)
                {
                    TranslateEvent(rest);
                }

                TranslateEnd();
                await SendEventsAsync(cancellationToken);
            }

            return;
        }

        await WriteHeldAsync(mode, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The answer is the tenant's: nothing of it stays in memory longer than needed.
            _held?.Clear();
            _events?.Clear();
            _framer?.Clear();
        }

        base.Dispose(disposing);
    }

    private Mode Decide()
    {
        if (_mode != Mode.Undecided)
        {
            return _mode;
        }

        if (response.StatusCode >= 400)
        {
            _mode = Mode.HeldError;
        }
        else if (response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            _mode = Mode.Events;
            _translator = StreamTranslators.Create(context);
            _framer = new SseEventFramer();
            _events = new ArrayBufferWriter<byte>(1024);

            // The client's stream is not the upstream's: its length (if the upstream sent one) is unknown.
            if (!response.HasStarted)
            {
                response.ContentLength = null;
            }
        }
        else
        {
            _mode = Mode.HeldJson;
        }

        return _mode;
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        if (_tooLarge || bytes.IsEmpty)
        {
            return;
        }

        _held ??= new ArrayBufferWriter<byte>(4096);
        if (_held.WrittenCount + (long)bytes.Length > maxHeldBytes)
        {
            _tooLarge = true;
            _held.Clear();
            return;
        }

        _held.Write(bytes);
    }

    /// <summary>Frames and translates at most one event from <paramref name="input"/>.</summary>
    /// <returns>How many bytes of <paramref name="input"/> were used.</returns>
    private int TranslateNextEvent(ReadOnlySpan<byte> input)
    {
        var rest = input;
        if (!_framer!.TryRead(ref rest, out var completeEvent))
        {
            // An event that never ends would be held without bound (a hostile or broken upstream): the same cap as a
            // held answer, then the stream is cut.
            if (!_broken && _framer.PendingLength > maxHeldBytes)
            {
                _framer.Clear();
                Break(new InvalidOperationException($"An upstream event grew past {maxHeldBytes} bytes without its end."));
            }

            return input.Length;
        }

        TranslateEvent(completeEvent);
        return input.Length - rest.Length;
    }

    private void TranslateEvent(ReadOnlySpan<byte> eventBytes)
    {
        if (_broken || !_framer!.TryReadFields(eventBytes, out var name, out var data))
        {
            return;
        }

        try
        {
            _translator!.OnEvent(name, data, _events!);
        }
        catch (Exception exception) when (IsTranslatorFault(exception))
        {
            Break(exception);
        }
    }

    private void TranslateEnd()
    {
        if (_broken)
        {
            return;
        }

        try
        {
            _translator!.OnEnd(_events!);
        }
        catch (Exception exception) when (IsTranslatorFault(exception))
        {
            Break(exception);
        }
    }

    private static bool IsTranslatorFault(Exception exception) =>
        exception is InvalidOperationException or ArgumentException or JsonException or IndexOutOfRangeException or FormatException;

    /// <summary>
    /// Translators turn bad upstream bytes into an error event themselves; this is a translator fault. Half an event
    /// must not reach the client, and a stream cannot be taken back: the connection is cut.
    /// </summary>
    private void Break(Exception exception)
    {
        _broken = true;
        _events!.Clear();
        LogStreamTranslationFailed(Logger(), context.Upstream, context.Client, context.Model, exception.GetType().Name, exception.Message);
        response.HttpContext.Abort();
    }

    private async ValueTask SendEventsAsync(CancellationToken cancellationToken)
    {
        if (_events!.WrittenCount == 0)
        {
            return;
        }

        // One write and one flush per upstream event, however many client events it became.
        await client.WriteAsync(_events.WrittenMemory, cancellationToken);
        await client.FlushAsync(cancellationToken);
        _events.Clear();
    }

    private async Task WriteHeldAsync(Mode mode, CancellationToken cancellationToken)
    {
        if (response.HasStarted)
        {
            // Something flushed the upstream's headers past this stream: the answer cannot be made right any more.
            response.HttpContext.Abort();
            return;
        }

        var held = _held is null ? ReadOnlySpan<byte>.Empty : _held.WrittenSpan;
        var output = new ArrayBufferWriter<byte>(Math.Max(256, held.Length + (held.Length / 4)));
        try
        {
            if (mode == Mode.HeldError)
            {
                TranslateError(response.StatusCode, _tooLarge ? [] : held, output);
            }
            else if (_tooLarge || !TranslateAnswer(held, output))
            {
                LogAnswerUntranslatable(Logger(), context.Upstream, context.Client, context.Model, response.StatusCode, _tooLarge ? "too large" : "not a translatable answer");
                response.StatusCode = StatusCodes.Status502BadGateway;
                output.Clear();
                WriteUntranslatable(output);
            }

            response.ContentType = "application/json";
            response.ContentLength = output.WrittenCount;
            await client.WriteAsync(output.WrittenMemory, cancellationToken);
        }
        finally
        {
            output.Clear();
            _held?.Clear();
        }
    }

    private bool TranslateAnswer(ReadOnlySpan<byte> held, ArrayBufferWriter<byte> output)
    {
        try
        {
            return AnswerTranslation.TranslateJson(held, context, output);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or JsonException or FormatException)
        {
            return false;
        }
    }

    private void TranslateError(int status, ReadOnlySpan<byte> held, ArrayBufferWriter<byte> output)
    {
        try
        {
            AnswerTranslation.TranslateError(status, held, context, output);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or JsonException or FormatException)
        {
            // The status stays the upstream's; only the body is the router's own.
            output.Clear();
            WriteUntranslatable(output);
        }
    }

    /// <summary>The 502 body: <c>api_error</c> in the client's envelope.</summary>
    private void WriteUntranslatable(ArrayBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        if (context.Client == WireFormat.AnthropicMessages)
        {
            json.WriteString("type"u8, "error"u8);
            json.WriteStartObject("error"u8);
            json.WriteString("type"u8, "api_error"u8);
            json.WriteString("message"u8, UntranslatableAnswer);
        }
        else
        {
            json.WriteStartObject("error"u8);
            json.WriteString("message"u8, UntranslatableAnswer);
            json.WriteString("type"u8, "api_error"u8);
            json.WriteNull("param"u8);
            json.WriteString("code"u8, "untranslatable_answer"u8);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private ILogger Logger() =>
        (ILogger?)response.HttpContext.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger<TranslatingResponseBody>()
        ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [LoggerMessage(EventId = EventIds.UpstreamAnswerUntranslatable, EventName = nameof(EventIds.UpstreamAnswerUntranslatable), Level = LogLevel.Warning,
        Message = "An upstream answer ({Upstream} to {Client}, model {Model}, HTTP {Status}) could not be translated ({Cause}): the client gets a 502")]
    private static partial void LogAnswerUntranslatable(ILogger logger, WireFormat upstream, WireFormat client, string model, int status, string cause);

    [LoggerMessage(EventId = EventIds.StreamTranslationFailed, EventName = nameof(EventIds.StreamTranslationFailed), Level = LogLevel.Error,
        Message = "Stream translation ({Upstream} to {Client}, model {Model}) failed ({Exception}: {Detail}): the connection was aborted")]
    private static partial void LogStreamTranslationFailed(ILogger logger, WireFormat upstream, WireFormat client, string model, string exception, string detail);
}
