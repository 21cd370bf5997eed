using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using XaiRouter.Grains.Transport;

namespace XaiRouter.Grains.Hosting;

/// <summary>Joins a router cluster as an Orleans client, with the membership and transport security its nodes use.</summary>
public static class ClientHostingExtensions
{
    /// <summary>
    /// Redis membership (every gateway the table lists) or, in embedded mode, the single node's gateway port on
    /// loopback; mutual TLS with <see cref="ClusterClientSettings.Credentials"/> unless the cluster is plaintext.
    /// </summary>
    public static IClientBuilder UseXaiRouterCluster(this IClientBuilder client, ClusterClientSettings settings)
    {
        if (settings.Cluster.IsRedis)
        {
            client.UseRedisClustering(options => options.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(settings.Cluster.Redis!));
        }
        else
        {
            client.UseStaticClustering(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, settings.Cluster.GatewayPort));
        }

        client.Configure<ClusterOptions>(static options =>
        {
            options.ClusterId = SiloHostingExtensions.ClusterName;
            options.ServiceId = SiloHostingExtensions.ClusterName;
        });
        if (settings.Credentials is { } credentials)
        {
            client.UseXaiRouterTransportSecurity(credentials);
        }

        return client;
    }
}
