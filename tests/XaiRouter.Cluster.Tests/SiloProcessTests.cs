using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;

namespace XaiRouter.Cluster.Tests;

/// <summary>The headless Silo as a real process: it starts on its own ports and hosts the same grains.</summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Silo_OwnPorts_HostsTenantGrainsForAClientAndStopsOnSigterm()
    {
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        await using var silo = RouterProcess.Start(
            RepositoryPaths.SiloDll,
            _data.Path,
            "--DataDirectory", _data.Path,
            "--Cluster:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture),
            "--Cluster:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture));
        await silo.WaitStartedAsync(Cancellation);

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, "xai-router", "xai-router"));
        using (var clientHost = clientBuilder.Build())
        {
            await clientHost.StartAsync(Cancellation);
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();
            var tenant = grains.GetGrain<ITenantGrain>(GrainKeys.Tenant("siloProcessTest"));

            var created = await tenant.CreateAsync("From a client", DateTimeOffset.UnixEpoch, "someRootKeyId");
            var read = await tenant.GetAsync();

            Assert.Equal(created, read);
            Assert.Equal("From a client", read!.Name);
            await clientHost.StopAsync(Cancellation);
        }

        silo.Terminate();
        Assert.Equal(0, await silo.WaitForExitAsync(Cancellation));
        Assert.True(File.Exists(Path.Combine(_data.Path, "xai-router.db")));
    }

    public void Dispose() => _data.Dispose();
}
