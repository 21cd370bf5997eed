using System.Security.Cryptography.X509Certificates;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;
using XaiRouter.Grains.Transport;

namespace XaiRouter.Cluster.Tests;

/// <summary>Cluster mode's Orleans transport, with real processes: mutual TLS, or a refusal to start without it.</summary>
public sealed class ClusterTransportTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisMode_WithoutTlsSettings_ExitsWithCode2AndSaysWhatToSet()
    {
        var node = new GatewayNode(_data.Path, "--Cluster:Provider", "redis", "--Cluster:Redis", "127.0.0.1:1");

        await using var gateway = node.Start();
        var exitCode = await gateway.WaitForExitAsync(Cancellation);

        Assert.Equal(2, exitCode);
        Assert.Contains("Cluster:Provider 'redis' refuses to start without transport security", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:CertificatePath", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Cluster:UnsafeAllowPlaintextTransport=true", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisMode_UnsafeAllowPlaintextTransport_StartsAndWarnsAtEveryStart()
    {
        var node = new SiloNode(_data.Path, "--Cluster:Provider", "redis", "--Cluster:Redis", TestServers.NewRedisDatabase(),
            "--Cluster:AdvertisedAddress", "127.0.0.1", "--Cluster:UnsafeAllowPlaintextTransport", "true");

        for (var start = 0; start < 2; start++)
        {
            await using var silo = node.Start();
            await silo.WaitStartedAsync(Cancellation);

            Assert.Contains("UNSAFE: Orleans traffic is plaintext (Cluster:UnsafeAllowPlaintextTransport=true)", silo.Output, StringComparison.Ordinal);
            silo.Terminate();
            Assert.Equal(0, await silo.WaitForExitAsync(Cancellation));
        }

        Assert.False(File.Exists(Path.Combine(_data.Path, ClusterCredentials.GeneratedFileName)));
    }

    [Fact]
    public async Task RedisPostgresCluster_GatewayPort_OnlyAClientWithTheClusterCertificateCallsGrains()
    {
        await using var cluster = await RedisPostgresCluster.StartAsync(Cancellation);
        var (tenantId, _) = await cluster.CreateTenantAsync(cluster.First, Cancellation);
        var grainKey = GrainKeys.Tenant(tenantId);

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        bounded.CancelAfter(TimeSpan.FromSeconds(20));
        var plaintext = await Record.ExceptionAsync(async () =>
        {
            await using var client = await OrleansTestClient.ConnectPlaintextAsync(cluster.First.GatewayPort, bounded.Token);
            await client.Grains.GetGrain<ITenantGrain>(grainKey).GetAsync().WaitAsync(bounded.Token);
        });
        Assert.NotNull(plaintext);

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(cluster.CertificatePath, RedisPostgresCluster.CertificatePassword);
        await using var member = await OrleansTestClient.ConnectAsync(cluster.First.GatewayPort, new ClusterCredentials(certificate, null, cluster.CertificatePath, generated: false), Cancellation);
        var tenant = await member.Grains.GetGrain<ITenantGrain>(grainKey).GetAsync();
        Assert.Equal("cluster", tenant!.Name);
    }

    public void Dispose() => _data.Dispose();
}
