using System.Diagnostics;
using XaiRouter.Gateway.Routing.Tests;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>Requests sent in a trace of their own, and the Gateway's spans of that trace.</summary>
public static class TracedRequests
{
    public const string Source = "XaiRouter.Gateway";

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/> in a new trace; the answer, its body, and the Gateway's request span and attempt spans.</summary>
    public static async Task<Traced> PostAsync(TelemetryFixture fixture, RoutingTenant tenant, string path, object body)
    {
        var (traceParent, traceId) = fixture.NewTrace();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("traceparent", traceParent);
        using var response = await tenant.Session.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var spans = (await fixture.TraceAsync(traceId)).Where(s => s.Source.Name == Source).ToList();
        return new Traced(response.StatusCode, response.Headers.GetValues("x-request-id").Single(), text,
            spans.SingleOrDefault(s => s.Kind == ActivityKind.Internal), [.. spans.Where(s => s.Kind == ActivityKind.Client).OrderBy(s => s.StartTimeUtc)]);
    }

    /// <summary>A chat completion of <paramref name="model"/> saying <paramref name="prompt"/>.</summary>
    public static Task<Traced> ChatAsync(TelemetryFixture fixture, RoutingTenant tenant, string prompt = "hello", bool stream = false, string model = "gpt-4o") =>
        PostAsync(fixture, tenant, "/v1/chat/completions", new { model, stream, messages = new[] { new { role = "user", content = prompt } } });

    public static object? Tag(this Activity span, string name) => span.GetTagItem(name);

    /// <summary>What a traced request got.</summary>
    public sealed record Traced(HttpStatusCode Status, string RequestId, string Body, Activity? Request, List<Activity> Attempts);
}
