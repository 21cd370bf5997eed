using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace XaiRouter.Cluster.Tests;

/// <summary>
/// Memory hygiene of the request path, measured: the real Gateway forwards requests whose provider key and access
/// key are unique markers, collects garbage, and is dumped with the runtime's createdump; each marker is counted in
/// UTF-8 and UTF-16. The project's own buffers are wiped, so what is counted is what the framework keeps: the
/// inbound Authorization header string and the outbound header string and its transport buffers.
/// </summary>
public sealed class MemoryDumpMarkerTests(ITestOutputHelper output) : IDisposable
{
    private const int Requests = 20;

    private readonly TempDirectory _data = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FullDump_AfterForwardedRequests_HoldsOnlyFrameworkCopiesOfTheMarkers()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var node = new GatewayNode(_data.Path, "--Upstream:AllowPrivateNetworks", "true");
        await using var gateway = node.Start();
        await gateway.WaitStartedAsync(Cancellation);
        using var operatorClient = node.CreateOperatorClient();
        var (_, accessKey) = await TenantOnboarding.CreateAndClaimAsync(operatorClient, "dump", Cancellation);
        var providerKey = "sk-dumpmarker-" + Guid.NewGuid().ToString("N");
        using var client = new HttpClient { BaseAddress = node.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessKey);
        (await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "u", provider = "openai", base_url = upstream.BaseUrl, api_key = providerKey, models = new[] { "gpt-4o" },
        }, Cancellation)).EnsureSuccessStatusCode();

        for (var i = 0; i < Requests; i++)
        {
            (await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() }, Cancellation)).EnsureSuccessStatusCode();
        }

        (await operatorClient.PostAsync("/admin/diagnostics/gc", null, Cancellation)).EnsureSuccessStatusCode();
        var dump = await DumpAsync(gateway.Id);
        var bytes = await File.ReadAllBytesAsync(dump, Cancellation);
        File.Delete(dump);

        var counts = new Dictionary<string, int>
        {
            ["provider key UTF-8"] = Count(bytes, Encoding.UTF8.GetBytes(providerKey)),
            ["provider key UTF-16"] = Count(bytes, Encoding.Unicode.GetBytes(providerKey)),
            ["access key UTF-8"] = Count(bytes, Encoding.UTF8.GetBytes(accessKey)),
            ["access key UTF-16"] = Count(bytes, Encoding.Unicode.GetBytes(accessKey)),
        };
        var report = $"{Requests} requests, dump {bytes.Length / (1024 * 1024)} MiB: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Root, "artifacts", "memory-dump-markers.txt"), report + Environment.NewLine, Cancellation);

        // Positive control: the upstream base URL is in the process (grain state), so the scan does find strings.
        Assert.True(Count(bytes, Encoding.UTF8.GetBytes(upstream.BaseUrl)) + Count(bytes, Encoding.Unicode.GetBytes(upstream.BaseUrl)) > 0);

        // No copy per request survives: framework buffers keep a handful, not one or more per request.
        Assert.All(counts.Values, count => Assert.True(count < Requests, report));
    }

    public void Dispose() => _data.Dispose();

    private async Task<string> DumpAsync(int pid)
    {
        var createdump = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "createdump");
        var path = Path.Combine(_data.Path, "gateway.dump");
        using var process = Process.Start(new ProcessStartInfo(createdump) { ArgumentList = { "--full", "-f", path, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync(Cancellation).WaitAsync(TimeSpan.FromMinutes(2), Cancellation);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(Cancellation));
        return path;
    }

    private static int Count(byte[] haystack, byte[] needle)
    {
        var count = 0;
        var span = haystack.AsSpan();
        for (var index = span.IndexOf(needle); index >= 0; index = span.IndexOf(needle))
        {
            count++;
            span = span[(index + needle.Length)..];
        }

        return count;
    }
}
