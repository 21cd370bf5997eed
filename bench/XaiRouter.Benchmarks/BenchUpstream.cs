using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Benchmarks;

/// <summary>
/// A fast loopback OpenAI-compatible upstream: POST /v1/chat/completions answers a small chat.completion with usage,
/// or, when the body asks for "stream":true, <c>chunks</c> SSE chunks (each flushed, <c>delayMs</c> apart), a usage
/// chunk and <c>data: [DONE]</c>. POST /v1/messages answers in Anthropic's format: a small message with usage, or
/// Anthropic's event sequence with <c>chunks</c> text deltas. Logging off.
/// </summary>
internal static partial class BenchUpstream
{
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""");
    private static readonly byte[] Chunk = Encoding.UTF8.GetBytes("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}\n\n");
    private static readonly byte[] Usage = Encoding.UTF8.GetBytes("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":10,\"total_tokens\":11}}\n\n");
    private static readonly byte[] Done = Encoding.UTF8.GetBytes("data: [DONE]\n\n");
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("""{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"hello"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}""");
    private static readonly byte[] MessageStart = Encoding.UTF8.GetBytes("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n");
    private static readonly byte[] TextDelta = Encoding.UTF8.GetBytes("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n");
    private static readonly byte[] MessageEnd = Encoding.UTF8.GetBytes("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":10}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    [GeneratedRegex("\"stream\"\\s*:\\s*true")]
    private static partial Regex StreamTrue();

    /// <summary>Starts the upstream on <paramref name="port"/> (0 picks one); the caller disposes it.</summary>
    public static async Task<WebApplication> StartAsync(int port, int chunks, int delayMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (!StreamTrue().IsMatch(body))
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = Answer.Length;
                await context.Response.Body.WriteAsync(Answer, context.RequestAborted);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var output = context.Response.Body;
            for (var i = 0; i < chunks; i++)
            {
                if (i > 0 && delayMs > 0)
                {
                    await Task.Delay(delayMs, context.RequestAborted);
                }

                await output.WriteAsync(Chunk, context.RequestAborted);
                await output.FlushAsync(context.RequestAborted);
            }

            await output.WriteAsync(Usage, context.RequestAborted);
            await output.WriteAsync(Done, context.RequestAborted);
            await output.FlushAsync(context.RequestAborted);
        });
        app.MapPost("/v1/messages", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Response.Headers["request-id"] = "req_bench";
            if (!StreamTrue().IsMatch(body))
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = Message.Length;
                await context.Response.Body.WriteAsync(Message, context.RequestAborted);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var output = context.Response.Body;
            await output.WriteAsync(MessageStart, context.RequestAborted);
            for (var i = 0; i < chunks; i++)
            {
                if (i > 0 && delayMs > 0)
                {
                    await Task.Delay(delayMs, context.RequestAborted);
                }

                await output.WriteAsync(TextDelta, context.RequestAborted);
                await output.FlushAsync(context.RequestAborted);
            }

            await output.WriteAsync(MessageEnd, context.RequestAborted);
            await output.FlushAsync(context.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Mode <c>upstream [port] [chunks] [delayMs]</c> (env BENCH_CHUNKS, BENCH_DELAY_MS): runs until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 18100;
        var chunks = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : EnvInt("BENCH_CHUNKS", 10);
        var delay = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : EnvInt("BENCH_DELAY_MS", 0);
        await using var app = await StartAsync(port, chunks, delay);
        Console.WriteLine($"upstream listening on {app.Urls.Single()} ({chunks} chunks, {delay} ms apart)");
        await app.WaitForShutdownAsync();
        return 0;
    }

    internal static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
