using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Settlement's input: the usage of a streamed answer, read from the SSE events as they pass to the client
/// (OpenAI: 12 events: role, ten content deltas, the usage chunk, then [DONE]; Anthropic: 16 events: message_start,
/// a block start, a ping, ten text deltas, the block stop, message_delta with output only, message_stop).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class UsageStreamBenchmarks
{
    private readonly byte[][] _events;
    private readonly byte[][] _anthropicEvents;

    public UsageStreamBenchmarks()
    {
        var events = new List<string> { """{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""" };
        events.AddRange(Enumerable.Range(0, 10).Select(i => $$"""{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"token {{i}} "},"finish_reason":null}]}"""));
        events.Add("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":10,"total_tokens":22}}""");
        _events = [.. events.Select(e => Encoding.UTF8.GetBytes("data: " + e + "\n\n")), Encoding.UTF8.GetBytes("data: [DONE]\n\n")];

        var anthropic = new List<(string Name, string Data)>
        {
            ("message_start", """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":7,"cache_read_input_tokens":5,"output_tokens":1}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("ping", """{"type":"ping"}"""),
        };
        anthropic.AddRange(Enumerable.Range(0, 10).Select(i => ("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"token {{{i}}} "}}""")));
        anthropic.Add(("content_block_stop", """{"type":"content_block_stop","index":0}"""));
        anthropic.Add(("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":10}}"""));
        anthropic.Add(("message_stop", """{"type":"message_stop"}"""));
        _anthropicEvents = [.. anthropic.Select(e => Encoding.UTF8.GetBytes($"event: {e.Name}\ndata: {e.Data}\n\n"))];
    }

    [Benchmark(Description = "usage of a 12-event SSE stream")]
    public async Task<long> ScanStream()
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        await using var tap = new UsageTap(Stream.Null, context.Response, static () => false, TimeProvider.System);
        foreach (var e in _events)
        {
            await tap.WriteAsync(e);
        }

        await tap.CompleteAsync(CancellationToken.None);
        return tap.Usage!.Value.Output;
    }

    [Benchmark(Description = "usage of a 16-event Anthropic stream")]
    public async Task<long> ScanAnthropicStream()
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        await using var tap = new UsageTap(Stream.Null, context.Response, static () => false, TimeProvider.System);
        foreach (var e in _anthropicEvents)
        {
            await tap.WriteAsync(e);
        }

        await tap.CompleteAsync(CancellationToken.None);
        return tap.Usage!.Value.Output + tap.Usage!.Value.CacheWrite;
    }
}
