using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Settlement's input: the usage of a streamed answer, read from the SSE events as they pass to the client
/// (12 events: role, ten content deltas, the usage chunk, then [DONE]).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class UsageStreamBenchmarks
{
    private readonly byte[][] _events;

    public UsageStreamBenchmarks()
    {
        var events = new List<string> { """{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""" };
        events.AddRange(Enumerable.Range(0, 10).Select(i => $$"""{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"token {{i}} "},"finish_reason":null}]}"""));
        events.Add("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":10,"total_tokens":22}}""");
        _events = [.. events.Select(e => Encoding.UTF8.GetBytes("data: " + e + "\n\n")), Encoding.UTF8.GetBytes("data: [DONE]\n\n")];
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
}
