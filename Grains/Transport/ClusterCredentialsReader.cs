using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Transport;

/// <summary>
/// Reads the Orleans transport credentials at start-up: the configured <c>Cluster:Tls:*</c> files, or in embedded
/// mode the certificate generated into the data directory (created on first start, reused afterwards). Every problem
/// is recorded in the <see cref="ConfigurationReader"/> naming the key, never a password.
/// </summary>
internal static class ClusterCredentialsReader
{
    /// <summary>
    /// The credentials, or <see langword="null"/> when the transport is explicitly plaintext or a failure was recorded.
    /// </summary>
    public static ClusterCredentials? Read(ClusteringOptions cluster, string dataDirectory, ConfigurationReader reader)
    {
        if (cluster.UnsafeAllowPlaintextTransport)
        {
            return null;
        }

        var tls = cluster.Tls;
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            // Cluster mode without a certificate was refused by the validator; only embedded mode gets here.
            return GenerateOrLoad(Path.Combine(dataDirectory, ClusterCredentials.GeneratedFileName), reader);
        }

        var certificatePath = Path.GetFullPath(tls.CertificatePath);
        var certificate = LoadConfiguredCertificate(certificatePath, tls.CertificatePassword, reader);
        X509Certificate2? authority = null;
        if (!string.IsNullOrWhiteSpace(tls.CaCertificatePath))
        {
            authority = LoadAuthority(Path.GetFullPath(tls.CaCertificatePath), reader);
        }

        if (certificate is null || (authority is null && !string.IsNullOrWhiteSpace(tls.CaCertificatePath)))
        {
            return null;
        }

        var credentials = new ClusterCredentials(certificate, authority, certificatePath, generated: false);
        if (authority is not null && !credentials.AcceptsPeer(certificate, null, System.Net.Security.SslPolicyErrors.None))
        {
            // Every peer would refuse this node: say so now rather than as failed handshakes later.
            reader.AddFailure("Cluster:Tls:CertificatePath holds a certificate that does not chain to Cluster:Tls:CaCertificatePath (or has expired).");
            return null;
        }

        return credentials;
    }

    private static X509Certificate2? LoadConfiguredCertificate(string path, string? password, ConfigurationReader reader)
    {
        if (!File.Exists(path))
        {
            reader.AddFailure($"Cluster:Tls:CertificatePath '{path}' does not exist.");
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            reader.AddFailure($"Cluster:Tls:CertificatePath '{path}' cannot be opened as PKCS#12 (.pfx): not such a file, unreadable, " +
                              "or Cluster:Tls:CertificatePassword does not open it.");
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            reader.AddFailure($"Cluster:Tls:CertificatePath '{path}' holds no private key; export the certificate together with its key.");
            return null;
        }

        if (!AllowsServerAndClientAuthentication(certificate))
        {
            reader.AddFailure($"Cluster:Tls:CertificatePath '{path}': the certificate's extended key usage must allow both server and client authentication.");
            return null;
        }

        return certificate;
    }

    private static X509Certificate2? LoadAuthority(string path, ConfigurationReader reader)
    {
        if (!File.Exists(path))
        {
            reader.AddFailure($"Cluster:Tls:CaCertificatePath '{path}' does not exist.");
            return null;
        }

        try
        {
            // LoadCertificateFromFile reads DER and PEM alike.
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            reader.AddFailure($"Cluster:Tls:CaCertificatePath '{path}' is not a readable PEM or DER certificate.");
            return null;
        }
    }

    private static ClusterCredentials? GenerateOrLoad(string path, ConfigurationReader reader)
    {
        var generated = false;
        if (!File.Exists(path))
        {
            try
            {
                generated = SelfSignedClusterCertificate.TryWrite(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                reader.AddFailure($"DataDirectory: the cluster credentials '{path}' cannot be written: {exception.Message}");
                return null;
            }
        }

        OwnerOnlyFiles.Tighten(path);
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            if (certificate.HasPrivateKey)
            {
                return new ClusterCredentials(certificate, null, path, generated);
            }
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // Reported below.
        }

        reader.AddFailure($"DataDirectory: the cluster credentials '{path}' cannot be read; delete the file to generate new ones " +
                          "(every client and node of this embedded cluster then needs the new file).");
        return null;
    }

    /// <summary>No extended key usage means any usage; otherwise both TLS server and client must be listed.</summary>
    internal static bool AllowsServerAndClientAuthentication(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (usages is null)
        {
            return true;
        }

        var oids = usages.EnhancedKeyUsages.Cast<Oid>().Select(static oid => oid.Value).ToHashSet(StringComparer.Ordinal);
        return oids.Contains(SelfSignedClusterCertificate.ServerAuthentication) && oids.Contains(SelfSignedClusterCertificate.ClientAuthentication);
    }
}
