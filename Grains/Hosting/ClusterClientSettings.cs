using XaiRouter.Grains.Transport;

namespace XaiRouter.Grains.Hosting;

/// <summary>
/// What an Orleans client of a router cluster (the operator tooling) needs: the nodes' own <c>Cluster:*</c> settings
/// and transport credentials, read and validated like a node's. Unlike a node, a client never generates the embedded
/// mode's credentials: it must find the file its node generated.
/// </summary>
/// <param name="Cluster">The cluster settings.</param>
/// <param name="DataDirectory">The absolute data directory (embedded mode: where the node's credentials are).</param>
/// <param name="Credentials">The transport credentials; <see langword="null"/> with <c>Cluster:UnsafeAllowPlaintextTransport</c>.</param>
public sealed record ClusterClientSettings(ClusteringOptions Cluster, string DataDirectory, ClusterCredentials? Credentials)
{
    /// <summary>Reads and validates the settings, recording failures in <paramref name="reader"/> (then call <see cref="ConfigurationReader.ThrowIfInvalid"/>).</summary>
    public static ClusterClientSettings Read(ConfigurationReader reader)
    {
        var node = reader.Read("", new NodeOptionsValidator());
        var cluster = reader.Read(ClusteringOptions.SectionName, new ClusteringOptionsValidator());
        if (reader.HasFailures)
        {
            return new ClusterClientSettings(cluster, node.DataDirectory, null);
        }

        var dataDirectory = Path.GetFullPath(node.DataDirectory);
        return new ClusterClientSettings(cluster, dataDirectory, ReadCredentials(cluster, dataDirectory, reader));
    }

    private static ClusterCredentials? ReadCredentials(ClusteringOptions cluster, string dataDirectory, ConfigurationReader reader)
    {
        if (cluster.UnsafeAllowPlaintextTransport || !string.IsNullOrWhiteSpace(cluster.Tls.CertificatePath))
        {
            // Configured files are read exactly as a node reads them.
            return ClusterCredentialsReader.Read(cluster, dataDirectory, reader);
        }

        var path = Path.Combine(dataDirectory, ClusterCredentials.GeneratedFileName);
        if (!File.Exists(path))
        {
            reader.AddFailure($"DataDirectory '{dataDirectory}' holds no {ClusterCredentials.GeneratedFileName}: point DataDirectory (--data-dir) at the " +
                              "Gateway's data directory, or set Cluster:Tls:CertificatePath as the nodes do.");
            return null;
        }

        try
        {
            return ClusterCredentials.FromDataDirectory(dataDirectory);
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            reader.AddFailure($"DataDirectory: the cluster credentials '{path}' cannot be read ({exception.GetType().Name}); run as the user the Gateway runs as.");
            return null;
        }
    }
}
