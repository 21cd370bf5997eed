using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>
/// Hosting pays only for what is on (issue 16, item 4): with no exporter no request or grain call creates an activity,
/// ASP.NET Core opens no logging scope per request, and request ids keep their format without a syscall each.
/// </summary>
[Collection(RequestCostCollection.Name)]
public sealed partial class HostingCostTests(RequestCostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoExporter_RequestCreatesNoActivity()
    {
        using var recorder = new ActivityRecorder();

        using var _ = await fixture.ChatAsync(request => request.Headers.Add("traceparent", recorder.TraceParent));

        Assert.Empty(recorder.Started);
    }

    [Fact]
    public void HostingDiagnosticsLogger_IsOff_SoRequestsOpenNoLoggingScope()
    {
        // ASP.NET Core opens a scope (and an Activity) per request whenever this category is enabled at any level.
        var logger = fixture.Gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");

        Assert.False(logger.IsEnabled(LogLevel.Critical));
    }

    [Fact]
    public async Task ExporterConfigured_RequestIsTraced()
    {
        // Nothing listens on the port: exports fail quietly in the background, the request is traced all the same.
        await using var gateway = new GatewayFactory { Settings = { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{FreePorts.Next()}" } };
        using var client = gateway.CreateClient();
        using var recorder = new ActivityRecorder();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("traceparent", recorder.TraceParent);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(recorder.Started, started => started.Contains("HttpRequestIn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestIds_KeepTheirFormat_AndAreUniqueAcrossThreads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                ids.Add(RequestIds.NewId());
            }
        }, Cancellation)));

        Assert.All(ids, id => Assert.Matches(RequestIdFormat(), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());

        // Fresh randomness, not a counter: ids drawn one after another share no prefix beyond chance.
        var first = RequestIds.NewId();
        var second = RequestIds.NewId();
        Assert.NotEqual(first[..12], second[..12]);

        using var response = await fixture.ChatAsync();
        Assert.Matches(RequestIdFormat(), response.Headers.GetValues(RequestIds.Header).Single());
    }

    [GeneratedRegex("^req_[0-9A-Za-z]{22}$")]
    private static partial Regex RequestIdFormat();
}
