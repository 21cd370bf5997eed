using Microsoft.Extensions.DependencyInjection;
using System.Globalization;

namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary>
/// A cluster where only some nodes run the dashboard (here a Gateway with it off, standing for a Silo process too,
/// which never references the package): the dashboard's grains are placed only on the node that registered their
/// services, the cluster pages answer, and a per-silo question about the node without it is a 503, not a 500.
/// </summary>
public sealed class DashboardMixedClusterTests : IAsyncLifetime
{
    private readonly TempDirectory _storage = new();
    private GatewayFactory _without = null!;
    private GatewayFactory _with = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DashboardOnOneNodeOnly_GrainsLiveThere_AndTheOtherNodeIsAnswered503()
    {
        using var client = DashboardClients.Bare(_with, "203.0.113.1");
        client.DefaultRequestHeaders.Authorization = new("Bearer", _with.OperatorToken);

        var (answer, silos) = await DashboardClients.CountersWithSilosAsync(client, 2);
        var counters = JsonDocument.Parse(answer).RootElement;

        Assert.Equal(2, silos.Count);
        var withPort = ":" + _with.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.Endpoint.Port.ToString(CultureInfo.InvariantCulture) + "@";
        var withSilo = Assert.Single(silos, s => s.Contains(withPort, StringComparison.Ordinal));
        var withoutSilo = Assert.Single(silos, s => s != withSilo);

        // Every activation of the dashboard's own grains is on the node that runs the dashboard.
        var dashboardActivations = counters.GetProperty("simpleGrainStats").EnumerateArray()
            .Where(s => s.GetProperty("grainType").GetString()!.StartsWith("Orleans.Dashboard.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(dashboardActivations);
        Assert.All(dashboardActivations, s => Assert.Equal(withSilo, s.GetProperty("siloAddress").GetString()));

        using var own = await client.GetAsync($"{DashboardClients.Root}/SiloProperties/{withSilo}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        foreach (var page in new[] { "SiloProperties", "SiloCounters", "HistoricalStats" })
        {
            using var other = await client.GetAsync($"{DashboardClients.Root}/{page}/{withoutSilo}", Cancellation);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, other.StatusCode);
            Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        }

        // Pages that need nothing from a silo's dashboard service still describe the whole cluster.
        using var stats = await client.GetAsync($"{DashboardClients.Root}/SiloStats/{withoutSilo}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
    }

    public ValueTask InitializeAsync()
    {
        var primaryPort = FreePorts.Next();
        var storage = $"Data Source={_storage.Combine("shared.db")}";
        _without = new GatewayFactory { Settings = new() { ["Cluster:SiloPort"] = primaryPort.ToString(CultureInfo.InvariantCulture), ["Storage:ConnectionString"] = storage } };
        _without.Start();
        _with = new GatewayFactory
        {
            Settings = new()
            {
                ["Dashboard:Enabled"] = "true",
                ["Cluster:PrimarySiloPort"] = primaryPort.ToString(CultureInfo.InvariantCulture),
                ["Storage:ConnectionString"] = storage,
                ["Cluster:Tls:CertificatePath"] = Path.Combine(_without.DataPath, XaiRouter.Grains.Transport.ClusterCredentials.GeneratedFileName),
            },
        };
        _with.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _with.DisposeAsync();
        await _without.DisposeAsync();
        _storage.Dispose();
    }
}
