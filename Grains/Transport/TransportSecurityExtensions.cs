using Orleans.Connections.Security;

namespace XaiRouter.Grains.Transport;

/// <summary>
/// Mutual TLS on every Orleans connection: a silo's inbound silo and gateway connections and its outbound silo
/// connections, and a client's connections to gateways. Both ends present a certificate and both ends check the other's
/// with <see cref="ClusterCredentials.AcceptsPeer"/>; a peer without an acceptable certificate never gets past the
/// handshake, so it cannot send a single grain message.
/// </summary>
public static class TransportSecurityExtensions
{
    public static ISiloBuilder UseXaiRouterTransportSecurity(this ISiloBuilder silo, ClusterCredentials credentials) =>
        silo.UseTls(options => Configure(options, credentials));

    /// <summary>For an <see cref="IClusterClient"/> of a cluster (the admin tooling, tests): the same credentials as the nodes.</summary>
    public static IClientBuilder UseXaiRouterTransportSecurity(this IClientBuilder client, ClusterCredentials credentials) =>
        client.UseTls(options => Configure(options, credentials));

    private static void Configure(TlsOptions options, ClusterCredentials credentials)
    {
        options.LocalCertificate = credentials.Certificate;

        // Require a certificate from the other end in both directions: as server (silo, gateway) and as client.
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = credentials.AcceptsPeer;

        // The platform builds a chain for the peer's certificate before AcceptsPeer decides; by default it downloads a
        // missing issuer from the URL the certificate names. Anyone who can open a TCP connection to a silo port would
        // make the node fetch URLs of their choosing (measured: one fetch per handshake), so never download.
        options.OnAuthenticateAsServer = static (_, server) => ((System.Net.Security.SslServerAuthenticationOptions)server.SslServerAuthenticationOptions).CertificateChainPolicy = NoDownloads();
        options.OnAuthenticateAsClient = static (_, client) => ((System.Net.Security.SslClientAuthenticationOptions)client.SslClientAuthenticationOptions).CertificateChainPolicy = NoDownloads();
    }

    private static System.Security.Cryptography.X509Certificates.X509ChainPolicy NoDownloads() => new()
    {
        DisableCertificateDownloads = true,
        RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
    };
}
