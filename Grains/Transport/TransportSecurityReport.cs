using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Transport;

/// <summary>
/// Says at every start how the node's Orleans traffic and data files are protected: mutual TLS and with which
/// certificate, or a warning when the transport is plaintext by <c>Cluster:UnsafeAllowPlaintextTransport</c>; and
/// which data files had to be tightened to 0600 or whether the data directory is open to other users.
/// </summary>
internal sealed partial class TransportSecurityReport(SiloSettings settings, ILogger<TransportSecurityReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Credentials is { } credentials)
        {
            if (credentials.Generated)
            {
                LogCredentialsGenerated(logger, credentials.Source);
            }

            LogMutualTls(logger, credentials.Source, credentials.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), credentials.PeerRule);
        }
        else
        {
            LogPlaintext(logger, settings.Cluster.SiloPort, settings.Cluster.GatewayPort);
        }

        foreach (var file in settings.TightenedFiles)
        {
            LogFileTightened(logger, file);
        }

        if (OwnerOnlyFiles.IsOpenToOthers(settings.DataDirectory))
        {
            LogDataDirectoryOpen(logger, settings.DataDirectory);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.TransportPlaintext, EventName = nameof(EventIds.TransportPlaintext), Level = LogLevel.Warning,
        Message = "UNSAFE: Orleans traffic is plaintext (Cluster:UnsafeAllowPlaintextTransport=true): anyone who reaches silo port {SiloPort} " +
                  "or gateway port {GatewayPort} can call every grain, including provider-key writes. Configure Cluster:Tls:CertificatePath.")]
    private static partial void LogPlaintext(ILogger logger, int siloPort, int gatewayPort);

    [LoggerMessage(EventId = EventIds.TransportMutualTls, EventName = nameof(EventIds.TransportMutualTls), Level = LogLevel.Information,
        Message = "Orleans traffic uses mutual TLS with the certificate from {Path} (SHA-256 {Thumbprint}); {PeerRule}")]
    private static partial void LogMutualTls(ILogger logger, string path, string thumbprint, string peerRule);

    [LoggerMessage(EventId = EventIds.TransportCredentialsGenerated, EventName = nameof(EventIds.TransportCredentialsGenerated), Level = LogLevel.Information,
        Message = "Cluster TLS credentials generated into {Path} (mode 0600); an Orleans client of this node needs that file")]
    private static partial void LogCredentialsGenerated(ILogger logger, string path);

    [LoggerMessage(EventId = EventIds.DataFileTightened, EventName = nameof(EventIds.DataFileTightened), Level = LogLevel.Warning,
        Message = "{Path} was readable by other users; its group and other permissions were removed")]
    private static partial void LogFileTightened(ILogger logger, string path);

    [LoggerMessage(EventId = EventIds.DataDirectoryOpen, EventName = nameof(EventIds.DataDirectoryOpen), Level = LogLevel.Warning,
        Message = "DataDirectory {Path} is accessible by other users; restrict it with chmod 700")]
    private static partial void LogDataDirectoryOpen(ILogger logger, string path);
}
