using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Admin;

/// <summary>
/// A connection to the cluster as an Orleans client, with the nodes' own <c>Cluster:*</c> settings: from
/// <c>--config</c>, then the environment (<c>Cluster__Provider=redis</c>...), then <c>--data-dir</c>.
/// </summary>
internal sealed class ClusterSession : IAsyncDisposable
{
    /// <summary>How long a grain call may take before the command fails (a lost message must not hang the tool).</summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long joining may take: Orleans retries unreachable gateways for minutes on its own.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly IHost _host;

    private ClusterSession(IHost host) => _host = host;

    public IClusterClient Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>The cluster's settings as this process sees them.</summary>
    /// <exception cref="AdminFailure">A setting is invalid.</exception>
    public static ClusterClientSettings ReadSettings(FileInfo? configFile, string? dataDirectory)
    {
        var configuration = new ConfigurationBuilder();
        if (configFile is not null)
        {
            if (!configFile.Exists)
            {
                throw new AdminFailure($"--config '{configFile.FullName}' does not exist.");
            }

            configuration.AddJsonFile(configFile.FullName, optional: false, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables();
        if (dataDirectory is not null)
        {
            configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("DataDirectory", dataDirectory)]);
        }

        IConfiguration built;
        try
        {
            built = configuration.Build();
        }
        catch (InvalidDataException exception)
        {
            throw new AdminFailure($"--config '{configFile?.FullName}' is not valid JSON: {exception.Message}");
        }

        var reader = new ConfigurationReader(built);
        var settings = ClusterClientSettings.Read(reader);
        try
        {
            reader.ThrowIfInvalid();
        }
        catch (RouterConfigurationException exception)
        {
            throw new AdminFailure("Wrong cluster settings: " + string.Join(" ", exception.Failures));
        }

        return settings;
    }

    /// <summary>Joins the cluster.</summary>
    /// <exception cref="AdminFailure">No gateway of the cluster could be reached.</exception>
    public static async Task<ClusterSession> ConnectAsync(ClusterClientSettings settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseXaiRouterCluster(settings);
            client.Configure<ClientMessagingOptions>(static options => options.ResponseTimeout = ResponseTimeout);
        });
        var where = settings.Cluster.IsRedis
            ? "the gateways listed in Redis (Cluster:Redis)"
            : $"the gateway on 127.0.0.1:{settings.Cluster.GatewayPort} (Cluster:GatewayPort)";
        if (!settings.Cluster.IsRedis)
        {
            await ProbeAsync(settings.Cluster.GatewayPort, where, cancellationToken);
        }

        var host = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new AdminFailure($"Cannot reach the cluster through {where}: no answer within {ConnectTimeout.TotalSeconds:0} s.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            host.Dispose();
            throw new AdminFailure($"Cannot reach the cluster through {where}: {ErrorText.Of(exception)}");
        }

        return new ClusterSession(host);
    }

    /// <summary>
    /// Embedded mode has one known gateway: a refused TCP connection says at once that nothing listens there, where the
    /// Orleans client would retry it until <see cref="ConnectTimeout"/>.
    /// </summary>
    private static async Task ProbeAsync(int port, string where, CancellationToken cancellationToken)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        try
        {
            await probe.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            throw new AdminFailure($"Cannot reach the cluster through {where}: {exception.Message} (is the Gateway running, with this Cluster:GatewayPort?)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Orleans.Runtime.OrleansException)
        {
            // The command's answer is out already; a slow goodbye changes nothing.
        }
        finally
        {
            _host.Dispose();
        }
    }
}
