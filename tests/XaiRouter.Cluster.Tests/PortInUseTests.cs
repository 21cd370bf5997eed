using System.Globalization;

namespace XaiRouter.Cluster.Tests;

/// <summary>
/// A second Gateway started with a port the first already listens on (the newcomer's "only --Urls changed") stops
/// at once with one line naming the setting and a non-zero exit code; the first keeps serving.
/// </summary>
public sealed class PortInUseTests(PortInUseTests.FirstGateway first) : IClassFixture<PortInUseTests.FirstGateway>
{
    /// <summary>How long a refused start may take: it fails before the silo or Kestrel start.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondInstance_OnlyUrlsChanged_ExitsNamingTheOrleansPorts_FirstKeepsServing()
    {
        // The same data directory and the first's Orleans ports (later arguments win): only the HTTP port differs.
        var second = new GatewayNode(first.Node.DataDirectory,
            "--Cluster:SiloPort", first.Node.SiloPort.ToString(CultureInfo.InvariantCulture),
            "--Cluster:GatewayPort", first.Node.GatewayPort.ToString(CultureInfo.InvariantCulture));

        var (exitCode, output) = await RunToExitAsync(second);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Cluster:SiloPort", output, StringComparison.Ordinal);
        Assert.Contains("Cluster:GatewayPort", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        await AssertFirstServesAsync();
    }

    [Fact]
    public async Task SecondInstance_SameUrls_ExitsNamingUrls_FirstKeepsServing()
    {
        var second = new GatewayNode(first.Node.DataDirectory, "--Urls", first.Node.BaseAddress.ToString().TrimEnd('/'));

        var (exitCode, output) = await RunToExitAsync(second);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Urls", output, StringComparison.Ordinal);
        Assert.Contains(first.Node.HttpPort.ToString(CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        await AssertFirstServesAsync();
    }

    [Fact]
    public void FirstStart_SaysWhatItStartsThenWhereItIsReady()
    {
        var output = first.Output;

        var starting = output.IndexOf("Starting XaiRouter: the embedded Orleans silo", StringComparison.Ordinal);
        var ready = output.IndexOf($"XaiRouter ready on {first.Node.BaseAddress.ToString().TrimEnd('/')}", StringComparison.Ordinal);
        Assert.True(starting >= 0, output);
        Assert.True(ready > starting, output);
    }

    private static async Task<(int ExitCode, string Output)> RunToExitAsync(GatewayNode node)
    {
        await using var process = node.Start();
        var exitCode = await process.WaitForExitAsync(Cancellation).WaitAsync(ExitBound, Cancellation);
        return (exitCode, process.Output);
    }

    /// <summary>The first still answers, its silo included (a tenant is created through the grains).</summary>
    private async Task AssertFirstServesAsync()
    {
        using var client = first.Node.CreateOperatorClient();
        using var ready = await client.GetAsync("/readyz", Cancellation);
        using var created = await client.PostAsJsonAsync("/admin/tenants", new { name = "still-serving" }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>The first Gateway, started once for the class.</summary>
    public sealed class FirstGateway : IAsyncLifetime
    {
        private readonly TempDirectory _data = new();
        private RouterProcess _process = null!;

        public GatewayNode Node { get; private set; } = null!;

        public string Output => _process.Output;

        public async ValueTask InitializeAsync()
        {
            Node = new GatewayNode(_data.Path);
            _process = Node.Start();
            await _process.WaitStartedAsync(TestContext.Current.CancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            _data.Dispose();
        }
    }
}
