namespace XaiRouter.Grains.Hosting;

/// <summary>
/// Mutual TLS for every Orleans connection (silo to silo, client to silo), configuration section <c>Cluster:Tls</c>.
/// Every node presents <see cref="CertificatePath"/> and accepts only peers that chain to
/// <see cref="CaCertificatePath"/>, or, without one, only peers presenting that same certificate.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "Cluster:Tls";

    /// <summary>
    /// <c>Cluster:Tls:CertificatePath</c>: a PKCS#12 (.pfx) file holding this node's certificate and its private key,
    /// used as both TLS server and client certificate (its extended key usage, if any, must allow both). Required with
    /// <c>Cluster:Provider=redis</c>; in embedded mode the default is a certificate generated into the data directory.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary><c>Cluster:Tls:CertificatePassword</c>: the password of <see cref="CertificatePath"/>, if any. Never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// <c>Cluster:Tls:CaCertificatePath</c>: a CA certificate (PEM or DER) every peer's certificate must chain to
    /// (a CA dedicated to this cluster). When unset, a peer must present exactly the certificate of
    /// <see cref="CertificatePath"/> (pinned by its SHA-256 hash), so every node shares one certificate.
    /// </summary>
    public string? CaCertificatePath { get; set; }
}
