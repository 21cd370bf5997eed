using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Transport;

/// <summary>
/// The embedded mode's transport credentials: a self-signed ECDSA P-256 certificate with its private key, written
/// as a password-less PKCS#12 file with mode 0600 (the file's mode is its protection: a password stored next to it
/// would add nothing). Peers are pinned to it, so whoever can read the file can connect, and nobody else.
/// </summary>
internal static class SelfSignedClusterCertificate
{
    /// <summary>TLS server authentication (RFC 5280).</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>TLS client authentication (RFC 5280).</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Writes a new certificate to <paramref name="path"/>, created 0600 and never readable by others, not even
    /// briefly. False when another process created the file first (then both use that one).
    /// </summary>
    public static bool TryWrite(string path)
    {
        var pfx = Create();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFiles.FileMode;
            }

            using var stream = new FileStream(path, options);
            stream.Write(pfx);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    /// <summary>A new certificate as PKCS#12 bytes (the caller wipes them).</summary>
    internal static byte[] Create(string subject = "CN=xai-router embedded cluster")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        // Pinned, not chained: validity dates are not what protects it, so it outlives any deployment.
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
