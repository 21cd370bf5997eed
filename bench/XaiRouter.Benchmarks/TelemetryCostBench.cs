using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Mode <c>telemetry [requests] [connections] [rounds]</c>: the CPU a request costs with telemetry off (the defaults:
/// no OTLP endpoint, so no tracer; metrics recorded for <c>/metrics</c>, which nobody scrapes) and on (an OTLP/HTTP
/// endpoint, a loopback sink that accepts and drops every body: traces of every request, ASP.NET Core's server span,
/// the GenAI request and attempt spans, metrics and logs exported). Two Gateways run side by side on one upstream;
/// each round measures one then the other (interleaved, so the machine's drift hits both), after a warm-up of each.
/// </summary>
internal static class TelemetryCostBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        await using var upstream = await BenchUpstream.StartAsync(0, 10, 0);
        await using var sink = await StartSinkAsync();
        var upstreamUrl = upstream.Urls.Single();
        await using var off = await GatewaySetup.StartAsync(upstreamUrl);
        await using var on = await GatewaySetup.StartAsync(upstreamUrl,
            "--OTEL_EXPORTER_OTLP_ENDPOINT", sink.Urls.Single(), "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        var targets = new[] { ("off", off), ("on", on) };
        var clients = targets.Select(t => ChatLoad.Client(t.Item2.Url, t.Item2.SubKey, connections)).ToArray();
        Console.WriteLine($"telemetry: {rounds} rounds of {requests} plain chat requests per Gateway, {connections} connections");
        for (var i = 0; i < targets.Length; i++)
        {
            await ChatLoad.RunAsync(clients[i], requests / 2, connections, TimeSpan.FromSeconds(20));
        }

        var cpu = new List<double>[] { [], [] };
        Console.WriteLine("| round | off CPU us/req | on CPU us/req | failed |");
        Console.WriteLine("|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            long failed = 0;
            for (var i = 0; i < targets.Length; i++)
            {
                var pid = targets[i].Item2.Process.Id;
                var before = ChatLoad.CpuTicks(pid);
                failed += await ChatLoad.RunAsync(clients[i], requests, connections);
                cpu[i].Add((ChatLoad.CpuTicks(pid) - before) / 100.0 * 1e6 / requests);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {round} | {cpu[0][^1]:F0} | {cpu[1][^1]:F0} | {failed} |"));
        }

        var (medianOff, medianOn) = (Median(cpu[0]), Median(cpu[1]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: off {medianOff:F0} us/req, on {medianOn:F0} us/req: telemetry costs {medianOn - medianOff:F0} us/req ({(medianOn / medianOff - 1) * 100:F0}%)"));
        foreach (var client in clients)
        {
            client.Dispose();
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>An OTLP/HTTP endpoint that reads and drops every body (the collector's side is not measured).</summary>
    private static async Task<WebApplication> StartSinkAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/{signal}", static async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
