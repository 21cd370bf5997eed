using System.Globalization;
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

        // The embedded silo speaks mutual TLS only: a client needs the credentials it generated into its data directory.
        var credentials = XaiRouter.Grains.Transport.ClusterCredentials.FromDataDirectory(_data.Path);
        await using (var client = await OrleansTestClient.ConnectAsync(gatewayPort, credentials, Cancellation))
        {
            var tenant = client.Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant("siloProcessTest"));

            var created = await tenant.CreateAsync("From a client", DateTimeOffset.UnixEpoch, "someRootKeyId");
            var read = await tenant.GetAsync();

            Assert.Equal(created, read);
            Assert.Equal("From a client", read!.Name);
        }

        // Without them, a client on the same host gets nothing: not a plaintext client, not one with its own certificate.
        using var stranger = TestCertificates.SelfSigned("CN=xai-router embedded cluster");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        bounded.CancelAfter(TimeSpan.FromSeconds(20));
        var withOtherCertificate = await Record.ExceptionAsync(async () =>
        {
            await using var client = await OrleansTestClient.ConnectWithCertificateAsync(gatewayPort, stranger, bounded.Token);
            await client.Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant("siloProcessTest")).GetAsync().WaitAsync(bounded.Token);
        });
        Assert.NotNull(withOtherCertificate);

        silo.Terminate();
        Assert.Equal(0, await silo.WaitForExitAsync(Cancellation));
        Assert.True(File.Exists(Path.Combine(_data.Path, "xai-router.db")));
    }

    public void Dispose() => _data.Dispose();
}
