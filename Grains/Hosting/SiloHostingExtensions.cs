using System.Text.Json.Serialization;
using Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Regions;
using XaiRouter.Grains.Storage;
using XaiRouter.Grains.Transport;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Grains.Hosting;

/// <summary>
/// The one place that turns settings into an Orleans silo, shared by the Gateway (co-hosted silo), the headless
/// Silo and the test clusters, so that every silo registers the same grains and storage.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>Orleans cluster id and service id. The service id is part of every stored grain row.</summary>
    public const string ClusterName = "xai-router";

    /// <summary>Reads and validates the silo settings, registers them and co-hosts the silo on <paramref name="builder"/>.</summary>
    /// <exception cref="RouterConfigurationException">A setting is invalid; nothing was registered.</exception>
    public static SiloSettings AddXaiRouterSilo(this IHostApplicationBuilder builder, ConfigurationReader reader)
    {
        var settings = SiloSettings.Read(reader);
        reader.ThrowIfInvalid();

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(Options.Create(settings.Node));
        builder.Services.AddSingleton(Options.Create(settings.Storage));
        builder.Services.AddSingleton(Options.Create(settings.Cluster));
        builder.Services.AddSingleton(Options.Create(settings.Region));

        // Before the silo's own hosted service: the node waits for its database before Orleans starts.
        builder.Services.AddHostedService<StorageStartupGate>();
        builder.Services.AddHostedService<TransportSecurityReport>();
        builder.UseOrleans(silo =>
        {
            if (string.Equals(settings.Cluster.Provider, "redis", StringComparison.OrdinalIgnoreCase))
            {
                silo.UseRedisCluster(settings.Cluster);
            }
            else
            {
                var primary = settings.Cluster.PrimarySiloPort is { } port ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port) : null;
                silo.UseLocalhostClustering(settings.Cluster.SiloPort, settings.Cluster.GatewayPort, primary, serviceId: ClusterName, clusterId: ClusterName);

                // Embedded mode is one host: its Orleans ports are never reachable from the network.
                silo.Configure<Orleans.Configuration.EndpointOptions>(options =>
                {
                    options.SiloListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, settings.Cluster.SiloPort);
                    options.GatewayListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, settings.Cluster.GatewayPort);
                });
            }

            if (settings.Credentials is { } credentials)
            {
                silo.UseXaiRouterTransportSecurity(credentials);
            }

            silo.AddXaiRouterGrains(settings.CreateStorageDatabase());

            // Grain call filters that start and propagate activities run on every call: only when traces go somewhere.
            if (TelemetryExtensions.IsTracingOn(builder.Configuration))
            {
                silo.AddActivityPropagation();
            }
        });
        return settings;
    }

    /// <summary>
    /// Redis membership with the node's own ports, and failure detection tuned so that a dead node is declared
    /// dead, and a restarted one rejoins, within seconds rather than a minute: probes every 2 s, dead after 2
    /// missed probes and 1 vote (clusters here are small), no indirect probes, liveness rows refreshed every 5 s.
    /// </summary>
    private static void UseRedisCluster(this ISiloBuilder silo, ClusteringOptions cluster)
    {
        silo.UseRedisClustering(options => options.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(cluster.Redis!));
        silo.Configure<Orleans.Configuration.ClusterOptions>(options =>
        {
            options.ClusterId = ClusterName;
            options.ServiceId = ClusterName;
        });
        silo.Configure<Orleans.Configuration.EndpointOptions>(options =>
        {
            options.SiloPort = cluster.SiloPort;
            options.GatewayPort = cluster.GatewayPort;
            if (cluster.AdvertisedAddress is { } address)
            {
                options.AdvertisedIPAddress = System.Net.IPAddress.Parse(address);
            }
        });
        silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);

            // Indirect probes go through another silo; when two of three die together, each dead one is picked as
            // the other's intermediary and the declaration stalls (measured: ~15 s instead of ~5 s).
            options.EnableIndirectProbes = false;
        });
    }

    /// <summary>Registers grain storage (migrated at start-up) and its JSON serializer.</summary>
    internal static ISiloBuilder AddXaiRouterGrains(this ISiloBuilder silo, StorageDatabase database)
    {
        silo.Services.AddSingleton(database);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(static services => new RouterClock(services.GetRequiredService<TimeProvider>()));
        silo.Services.TryAddSingleton<Regions.ITenantHomeLookup, Regions.TenantGrainHomeLookup>();
        silo.Services.AddSingleton<StorageMigrator>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageMigrationParticipant>();

        // Regions (Region:Name set): replication set-up after the migrations, and the tenants' home regions.
        silo.Services.AddSingleton<RegionReplication>();
        silo.Services.AddSingleton<RegionReplicationService>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static services => services.GetRequiredService<RegionReplicationService>());
        silo.Services.AddSingleton<TenantHomes>();

        // The usage ledger's own tables (migration 0002), written and read with the project's SQL, not grain state.
        silo.Services.AddSingleton<UsageStore>();
        silo.Services.AddSingleton<UsageReader>();
        silo.Services.AddOptions<UsageLedgerOptions>()
            .BindConfiguration(UsageLedgerOptions.SectionName)
            .Validate(static options => options.RequestRetentionDays >= 1, "Usage:RequestRetentionDays must be at least 1.")
            .ValidateOnStart();
        silo.Services.AddSingleton<UsageRetentionService>();
        silo.Services.AddHostedService(static services => services.GetRequiredService<UsageRetentionService>());

        // Multi-region freshness (both do nothing in one region): replicated rows reach activations; the peers'
        // revocation feeds fence them.
        silo.Services.AddSingleton<PeerChangeObservers>();
        silo.Services.AddSingleton<ReplicatedChangeListener>();
        silo.Services.AddHostedService(static services => services.GetRequiredService<ReplicatedChangeListener>());
        silo.Services.AddSingleton<RevocationFeedListener>();
        silo.Services.AddHostedService(static services => services.GetRequiredService<RevocationFeedListener>());

        // Plain JSON without .NET type names, so renaming a state type does not orphan stored data; enums as names.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(
            static options => options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        silo.AddAdoNetGrainStorage(GrainStorage.ProviderName, options =>
        {
            options.Invariant = database.Dialect.OrleansInvariant;
            options.ConnectionString = database.ConnectionString;
            options.DeleteStateOnClear = true;
        });
        return silo;
    }
}
