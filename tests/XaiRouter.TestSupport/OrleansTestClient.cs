using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Microsoft.Extensions.Logging;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Transport;

namespace XaiRouter.TestSupport;

/// <summary>
/// A separate Orleans client (its own host, its own connections) to one gateway port on loopback: with a node's
/// credentials, as the admin tooling connects; with none (plaintext); or with a certificate of its own, as an
/// attacker who reaches the port would.
/// </summary>
public sealed class OrleansTestClient : IAsyncDisposable
{
    private readonly IHost _host;

    private OrleansTestClient(IHost host) => _host = host;

    public IClusterClient Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects with the node's own credentials.</summary>
    public static Task<OrleansTestClient> ConnectAsync(int gatewayPort, ClusterCredentials credentials, CancellationToken cancellationToken) =>
        StartAsync(gatewayPort, client => client.UseXaiRouterTransportSecurity(credentials), cancellationToken);

    /// <summary>Connects without TLS, as any Orleans client does by default.</summary>
    public static Task<OrleansTestClient> ConnectPlaintextAsync(int gatewayPort, CancellationToken cancellationToken) =>
        StartAsync(gatewayPort, static _ => { }, cancellationToken);

    /// <summary>Connects over TLS presenting <paramref name="certificate"/> and accepting whatever the server presents.</summary>
    public static Task<OrleansTestClient> ConnectWithCertificateAsync(int gatewayPort, X509Certificate2 certificate, CancellationToken cancellationToken) =>
        StartAsync(gatewayPort, client => client.UseTls(certificate, static options => options.AllowAnyRemoteCertificate()), cancellationToken);

    /// <summary>
    /// Like <see cref="ConnectWithCertificateAsync"/>, but the client itself never downloads anything for its own
    /// certificate's chain, so any fetch of a URL that certificate names is the server's.
    /// </summary>
    public static Task<OrleansTestClient> ConnectWithCertificateOfflineAsync(int gatewayPort, X509Certificate2 certificate, CancellationToken cancellationToken) =>
        StartAsync(gatewayPort, client => client.UseTls(certificate, options =>
        {
            options.AllowAnyRemoteCertificate();
            options.OnAuthenticateAsClient = (_, tls) => ((System.Net.Security.SslClientAuthenticationOptions)tls.SslClientAuthenticationOptions).ClientCertificateContext =
                System.Net.Security.SslStreamCertificateContext.Create(certificate, null, offline: true);
        }), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static async Task<OrleansTestClient> StartAsync(int gatewayPort, Action<IClientBuilder> configure, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
            client.Configure<ClusterOptions>(static options =>
            {
                options.ClusterId = SiloHostingExtensions.ClusterName;
                options.ServiceId = SiloHostingExtensions.ClusterName;
            });

            // A refused connection fails the call at once; a message lost on an accepted one must not wait 30 s.
            client.Configure<ClientMessagingOptions>(static options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
            configure(client);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new OrleansTestClient(host);
    }
}
