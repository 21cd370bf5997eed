using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Translation;
using XaiRouter.Grains.Abstractions.ProviderKeys;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Answer translation of a streamed chat, event by event, through the <see cref="TranslatingResponseBody"/> the pipeline
/// puts between the usage tap and the client: one 20-event upstream stream per operation, each event in its own write
/// (as the tap writes them). Divide by 20 for the cost per event.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StreamTranslationBenchmarks
{
    public const int EventsPerStream = 20;

    private readonly byte[][] _anthropicEvents;
    private readonly byte[][] _openAIChunks;

    public StreamTranslationBenchmarks()
    {
        // Anthropic: message_start, block start, ping, 14 text deltas, block stop, message_delta, message_stop.
        var anthropic = new List<string>
        {
            Event("message_start", """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"""),
            Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            Event("ping", """{"type":"ping"}"""),
        };
        anthropic.AddRange(Enumerable.Range(0, 14).Select(i => Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"token {{{i}}} "}}""")));
        anthropic.Add(Event("content_block_stop", """{"type":"content_block_stop","index":0}"""));
        anthropic.Add(Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"""));
        anthropic.Add(Event("message_stop", """{"type":"message_stop"}"""));
        _anthropicEvents = [.. anthropic.Select(Encoding.UTF8.GetBytes)];

        // OpenAI: the role chunk, 16 content chunks, the finish chunk, the usage chunk, [DONE].
        const string head = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o",""";
        var openAI = new List<string> { Data(head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""") };
        openAI.AddRange(Enumerable.Range(0, 16).Select(i => Data(head + $$$""" "choices":[{"index":0,"delta":{"content":"token {{{i}}} "},"finish_reason":null}]}""")));
        openAI.Add(Data(head + """ "choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""));
        openAI.Add(Data(head + """ "choices":[],"usage":{"prompt_tokens":25,"completion_tokens":16,"total_tokens":41,"prompt_tokens_details":{"cached_tokens":0}}}"""));
        openAI.Add(Data("[DONE]"));
        _openAIChunks = [.. openAI.Select(Encoding.UTF8.GetBytes)];

        if (_anthropicEvents.Length != EventsPerStream || _openAIChunks.Length != EventsPerStream)
        {
            throw new InvalidOperationException("Both streams must have 20 events.");
        }
    }

    [Benchmark(Description = "Anthropic stream (20 events) to OpenAI chunks")]
    public Task<long> AnthropicStreamToOpenAI() => TranslateAsync(_anthropicEvents, WireFormat.OpenAIChat);

    [Benchmark(Description = "OpenAI stream (20 chunks) to Anthropic events")]
    public Task<long> OpenAIStreamToAnthropic() => TranslateAsync(_openAIChunks, WireFormat.AnthropicMessages);

    /// <summary>
    /// <c>stream-translation-cpu [streams]</c>: CPU time of this process per translated stream, each direction in turn
    /// (robust on a busy machine, where BenchmarkDotNet's wall times are not).
    /// </summary>
    public static async Task<int> RunCpuAsync(string[] args)
    {
        var streams = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var bench = new StreamTranslationBenchmarks();
        foreach (var (name, run) in new (string, Func<Task<long>>)[] { ("AnthropicStreamToOpenAI", bench.AnthropicStreamToOpenAI), ("OpenAIStreamToAnthropic", bench.OpenAIStreamToAnthropic) })
        {
            for (var i = 0; i < 2_000; i++)
            {
                await run();
            }

            var process = System.Diagnostics.Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < streams; i++)
            {
                await run();
            }

            process.Refresh();
            var nsPerStream = (process.TotalProcessorTime - cpuBefore).TotalNanoseconds / streams;
            var bytesPerStream = (GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / (double)streams;
            Console.WriteLine(FormattableString.Invariant(
                $"{name}: {nsPerStream:F0} ns CPU and {bytesPerStream:F0} B per stream; {nsPerStream / EventsPerStream:F0} ns and {bytesPerStream / EventsPerStream:F0} B per event ({streams} streams)"));
        }

        return 0;
    }

    private static async Task<long> TranslateAsync(byte[][] events, WireFormat client)
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        var translation = new TranslationContext
        {
            Client = client,
            Upstream = client == WireFormat.OpenAIChat ? WireFormat.AnthropicMessages : WireFormat.OpenAIChat,
            UpstreamKind = client == WireFormat.OpenAIChat ? ProviderKind.Anthropic : ProviderKind.OpenAICompatible,
            Model = "bench-model",
            DefaultMaxTokens = 4096,
            Time = TimeProvider.System,
            Stream = true,
            ClientWantsUsage = true,
        };
        var sink = new CountingStream();
        await using (var body = new TranslatingResponseBody(sink, context.Response, translation))
        {
            foreach (var e in events)
            {
                await body.WriteAsync(e);
            }

            await body.CompleteAsync(CancellationToken.None);
        }

        return sink.Length;
    }

    private static string Event(string name, string json) => $"event: {name}\ndata: {json}\n\n";

    private static string Data(string json) => $"data: {json}\n\n";

    /// <summary>A client body that only counts what it is given.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
