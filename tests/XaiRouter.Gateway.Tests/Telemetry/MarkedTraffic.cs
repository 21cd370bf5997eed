using Microsoft.AspNetCore.Http;
using System.Text;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// Traffic in which every secret and every content is a unique marker: the access key, two provider keys (one always
/// failing with 500, so requests fail over), the prompts and the upstream's answers. Telemetry must carry none of them.
/// </summary>
public sealed class MarkedTraffic : IAsyncDisposable
{
    private readonly List<FakeUpstream> _upstreams = [];

    private MarkedTraffic(TenantSession session) => Session = session;

    public TenantSession Session { get; }

    /// <summary>Secrets and contents that must appear in no exported byte and no log line.</summary>
    public List<string> Markers { get; } = [];

    public string AnswerMarker { get; } = "answer-marker-" + Guid.NewGuid().ToString("N");

    public static async Task<MarkedTraffic> StartAsync(TenantSession session)
    {
        var traffic = new MarkedTraffic(session);
        traffic.Markers.Add(session.Key);
        traffic.Markers.Add(traffic.AnswerMarker);
        var failing = await FakeUpstream.StartAsync();
        failing.Fault = UpstreamFault.Always500;
        var answering = await FakeUpstream.StartAsync();
        answering.Script = traffic.AnswerAsync;
        traffic._upstreams.AddRange([failing, answering]);
        var priority = 0;
        foreach (var upstream in traffic._upstreams)
        {
            var providerKey = "sk-provider-marker-" + Guid.NewGuid().ToString("N");
            traffic.Markers.Add(providerKey);
            await session.AddProviderKeyAsync(upstream.BaseUrl, providerKey, ["gpt-4o"], priority: priority++);
        }

        return traffic;
    }

    /// <summary>A chat request (streamed or not) whose prompt is a new marker.</summary>
    public HttpRequestMessage Chat(bool stream)
    {
        var prompt = "prompt-marker-" + Guid.NewGuid().ToString("N");
        Markers.Add(prompt);
        return new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "gpt-4o", stream, messages = new[] { new { role = "user", content = prompt } } }),
        };
    }

    /// <summary>Fails the test if <paramref name="bytes"/> hold a marker, in UTF-8, UTF-16 or base64.</summary>
    public void AssertNoMarker(byte[] bytes, string where)
    {
        foreach (var marker in Markers)
        {
            foreach (var form in new[] { Encoding.UTF8.GetBytes(marker), Encoding.Unicode.GetBytes(marker), Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(marker))) })
            {
                Assert.False(bytes.AsSpan().IndexOf(form) >= 0, $"{where} holds a marker ({marker[..Math.Min(marker.Length, 20)]}...)");
            }
        }
    }

    public void AssertNoMarker(string text, string where) => AssertNoMarker(Encoding.UTF8.GetBytes(text), where);

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }
    }

    private async Task<bool> AnswerAsync(HttpContext context, System.Text.Json.Nodes.JsonNode? request, string path)
    {
        if (path != "chat/completions")
        {
            return false;
        }

        var content = $$"""{"role":"assistant","content":"{{AnswerMarker}}"}""";
        if (request?["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($$$"""data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{{{content}}},"finish_reason":"stop"}]}""" + "\n\n");
            await context.Response.WriteAsync("""data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10}}""" + "\n\n");
            await context.Response.WriteAsync("data: [DONE]\n\n");
            return true;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$$"""{"id":"c1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{{{content}}},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10}}""");
        return true;
    }
}
