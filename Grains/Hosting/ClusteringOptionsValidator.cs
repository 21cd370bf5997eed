using Microsoft.Extensions.Options;

namespace XaiRouter.Grains.Hosting;

/// <inheritdoc/>
internal sealed class ClusteringOptionsValidator : IValidateOptions<ClusteringOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ClusteringOptions options)
    {
        var failures = new List<string>();
        var isLocalhost = string.Equals(options.Provider, "localhost", StringComparison.OrdinalIgnoreCase);
        var isRedis = string.Equals(options.Provider, "redis", StringComparison.OrdinalIgnoreCase);
        if (!isLocalhost && !isRedis)
        {
            failures.Add($"Cluster:Provider must be 'localhost' or 'redis', not '{options.Provider}'.");
        }
        else if (isRedis)
        {
            if (string.IsNullOrWhiteSpace(options.Redis))
            {
                failures.Add("Cluster:Redis is required with Cluster:Provider 'redis' (for example 'redis-host:6379').");
            }
            else
            {
                try
                {
                    StackExchange.Redis.ConfigurationOptions.Parse(options.Redis);
                }
                catch (ArgumentException)
                {
                    failures.Add("Cluster:Redis is not a valid Redis configuration string.");
                }
            }

            if (options.PrimarySiloPort is not null)
            {
                failures.Add("Cluster:PrimarySiloPort is for Cluster:Provider 'localhost' only.");
            }
        }

        if (options.AdvertisedAddress is { } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            failures.Add($"Cluster:AdvertisedAddress must be an IP address, not '{address}'.");
        }

        CheckPort(failures, "Cluster:SiloPort", options.SiloPort);
        if (options.PrimarySiloPort is { } primary)
        {
            CheckPort(failures, "Cluster:PrimarySiloPort", primary);
        }

        CheckPort(failures, "Cluster:GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Cluster:SiloPort and Cluster:GatewayPort must differ (both are {options.SiloPort}).");
        }

        CheckTransportSecurity(failures, options, isRedis);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The shape of <c>Cluster:Tls:*</c> and <c>Cluster:UnsafeAllowPlaintextTransport</c>; the files themselves are read
    /// by <see cref="Transport.ClusterCredentialsReader"/>. Values are never echoed: a password may be among them.
    /// </summary>
    private static void CheckTransportSecurity(List<string> failures, ClusteringOptions options, bool isRedis)
    {
        var tls = options.Tls;
        var hasCertificate = !string.IsNullOrWhiteSpace(tls.CertificatePath);
        if (!hasCertificate && !string.IsNullOrEmpty(tls.CertificatePassword))
        {
            failures.Add("Cluster:Tls:CertificatePassword is set without Cluster:Tls:CertificatePath.");
        }

        if (!hasCertificate && !string.IsNullOrWhiteSpace(tls.CaCertificatePath))
        {
            failures.Add("Cluster:Tls:CaCertificatePath is set without Cluster:Tls:CertificatePath (this node's own certificate).");
        }

        if (options.UnsafeAllowPlaintextTransport && hasCertificate)
        {
            failures.Add("Cluster:UnsafeAllowPlaintextTransport=true contradicts Cluster:Tls:CertificatePath: remove one of them.");
        }

        if (isRedis && !hasCertificate && !options.UnsafeAllowPlaintextTransport)
        {
            failures.Add("Cluster:Provider 'redis' refuses to start without transport security: anyone reaching a silo or gateway port could call " +
                         "every grain. Set Cluster:Tls:CertificatePath (a PKCS#12 file with this node's certificate and private key; " +
                         "Cluster:Tls:CaCertificatePath to accept peers signed by a CA, else every node shares that one certificate), " +
                         "or, on a network nobody else can reach, Cluster:UnsafeAllowPlaintextTransport=true.");
        }
    }

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{key} must be a TCP port between 1 and 65535, not {port}.");
        }
    }
}
