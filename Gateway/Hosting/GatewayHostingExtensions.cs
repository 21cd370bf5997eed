using XaiRouter.Gateway.WebConsole;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Dashboard;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Health;
using XaiRouter.Gateway.Keys;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Pools;
using XaiRouter.Gateway.ProviderKeys;
using XaiRouter.Gateway.Routing;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Tenants;
using XaiRouter.Gateway.Usage;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Hosting;

/// <summary>Builds the Gateway: a web host that co-hosts an Orleans silo, so one process is a complete router.</summary>
internal static class GatewayHostingExtensions
{
    /// <summary>Validates every setting, then registers the silo and the Gateway's services.</summary>
    /// <exception cref="RouterConfigurationException">A setting is invalid; the message names each key.</exception>
    public static WebApplicationBuilder AddXaiRouterGateway(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddXaiRouterDefaults();
        var reader = new ConfigurationReader(builder.Configuration);
        var gateway = GatewaySettings.Read(reader);
        var metricsOptions = reader.Read<MetricsOptions>(MetricsOptions.SectionName);
        var usageReporting = reader.Read(UsageReportingOptions.SectionName, new UsageReportingOptionsValidator());
        var telemetryOptions = reader.Read<Telemetry.TelemetryOptions>(Telemetry.TelemetryOptions.SectionName);
        telemetryOptions.LogRequests = builder.Configuration.GetValue<bool>(Telemetry.TelemetryOptions.RequestsLogKey);
        var dashboard = reader.Read(Dashboard.DashboardOptions.SectionName, new Dashboard.DashboardOptionsValidator());
        if (!string.IsNullOrEmpty(builder.Configuration[$"{RegionOptions.SectionName}:Name"]) && gateway.Operator.Token is null)
        {
            // Regions call each other with the operator token: a generated one would differ in every region.
            reader.AddFailure("Region:Name needs Operator:Token set explicitly, the same in every region (peers authenticate with it).");
        }

        builder.AddXaiRouterSilo(reader);
        builder.AddXaiRouterDashboard(dashboard);

        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(GatewaySettings.DefaultUrls);
        }

        var services = builder.Services;
        services.AddSingleton(gateway);
        services.AddSingleton(Options.Create(gateway.Operator));
        services.AddSingleton(Options.Create(gateway.Upstream));
        services.AddSingleton(Options.Create(gateway.Vault));
        services.AddSingleton<OperatorTokenSource>();
        services.AddSingleton(static provider => provider.GetRequiredService<OperatorTokenSource>().CreateVerifier());
        services.AddSingleton(Options.Create(gateway.Auth));
        services.AddSingleton<KeyVault>();
        services.AddSingleton<PassphraseHasher>();
        services.AddSingleton(Options.Create(gateway.Network));
        services.AddSingleton<ClientAddresses>();
        services.AddSingleton<FailureThrottle>();
        services.AddSingleton<AuthenticationMetrics>();
        services.AddSingleton<RecordCache>();
        services.AddSingleton<Grains.Regions.IPeerChangeObserver, PeerChangeCacheEviction>();
        services.AddSingleton<Regions.PeerRegionClient>();
        services.AddSingleton<Regions.BudgetLeaseClient>();
        Regions.RegionServices.AddRegionManagement(services);
        services.AddSingleton<KeyRecordUpgrade>();
        services.AddSingleton<AccessKeyAuthenticator>();
        services.AddSingleton(Options.Create(gateway.Tenants));
        services.AddSingleton<TenantAdministration>();
        services.AddSingleton<TenantClaims>();
        services.AddSingleton<ProviderKeyAdministration>();
        services.AddSingleton<PoolAdministration>();
        services.AddSingleton<VaultWriteGate>();
        services.AddSingleton<SlotWrites>();
        services.AddSingleton<PoolRekeying>();
        services.AddSingleton<KeyAdministration>();
        services.AddSingleton<SubKeyAdministration>();
        services.AddHttpForwarder();
        services.AddSingleton<UpstreamHttpClient>();
        services.AddSingleton(Options.Create(gateway.Routing));
        services.AddSingleton(Options.Create(gateway.Translation));
        services.AddSingleton<ProviderKeyCache>();
        services.AddSingleton<HealthBoard>();
        services.AddSingleton<HealthReporter>();
        services.AddHostedService(static provider => provider.GetRequiredService<HealthReporter>());
        services.AddSingleton<CandidateOrder>();
        services.AddSingleton<AttemptPlanner>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<LivenessProber>();
        services.AddHostedService(static provider => provider.GetRequiredService<LivenessProber>());
        services.AddSingleton<PriceTable>();
        services.AddSingleton<TokenEstimator>();
        services.AddSingleton<ReportedUsageCheck>();
        services.AddSingleton<UsageQuery>();
        services.AddSingleton<TenantUsageQuery>();
        services.AddSingleton(Options.Create(usageReporting));
        services.AddSingleton<UsageReporterMetrics>();
        services.AddSingleton<UsageReporter>();
        services.AddHostedService(static provider => provider.GetRequiredService<UsageReporter>());
        services.AddSingleton<RefusalQueue>();
        services.AddHostedService(static provider => provider.GetRequiredService<RefusalQueue>());
        services.AddSingleton<RefusalRecorder>();
        services.AddSingleton(Options.Create(telemetryOptions));
        services.AddSingleton<Telemetry.GenAiMetrics>();
        services.AddSingleton<Telemetry.RequestTelemetry>();
        services.AddSingleton(Options.Create(gateway.Limits));
        services.AddSingleton<LeaseTable>();
        services.AddSingleton<AdmissionMetrics>();
        services.AddSingleton<AdmissionController>();
        services.AddSingleton<LeaseReturner>();
        services.AddHostedService(static provider => provider.GetRequiredService<LeaseReturner>());
        services.AddSingleton(static _ => new RequestBodyPool());
        services.AddSingleton<ForwardingPipeline>();
        services.AddHostedService<StartupAnnouncer>();

        // xai-admin's ledger flush and cache stats reach this node through its agent (issue 19).
        services.AddSingleton<Admin.NodeAgent>();
        services.AddHostedService<Admin.NodeAgentRegistration>();

        services.AddSingleton<ClientInputErrors>();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => ClientLimits.Apply(kestrel.Limits, gateway.Network));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        services.ConfigureHttpJsonOptions(static options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default.WithAddedModifier(UsageRowJson.NamesWhereGrouped));
        });
        services.AddReadinessChecks();
        services.AddOpenApi(static options => options.AddDocumentTransformer<BearerSecurityTransformer>());

        var telemetry = builder.AddXaiRouterTelemetry("xai-router-gateway")
            .WithMetrics(static metrics => metrics.AddMeter(AdmissionMetrics.MeterName).AddRuntimeInstrumentation().AddPrometheusExporter());
        if (metricsOptions.HttpServer)
        {
            // Only when asked for (or exported over OTLP): recorded per request whether or not anybody scrapes.
            telemetry.WithMetrics(static metrics => metrics.AddAspNetCoreInstrumentation());
        }

        if (TelemetryExtensions.IsTracingOn(builder.Configuration))
        {
            // Request tracing only when traces are exported: a listener makes ASP.NET Core create an Activity per request.
            telemetry.WithTracing(static tracing => tracing.AddAspNetCoreInstrumentation().AddSource(AdmissionMetrics.ActivitySourceName));
        }

        return builder;
    }

    /// <summary>Adds the middleware and every HTTP surface.</summary>
    public static WebApplication UseXaiRouterGateway(this WebApplication app)
    {
        // Resolve now: on first start this generates the operator token file and logs its path.
        app.Services.GetRequiredService<OperatorTokenVerifier>();

        // Request id, /v1 refusal log and management-write cache invalidation in one middleware (RequestEntry).
        app.Use(new RequestEntry(app.Services.GetRequiredService<RefusalRecorder>()).InvokeAsync);
        app.UseExceptionHandler();
        app.UseWhen(RequestEntry.WantsStatusCodePages, static pages => pages.UseStatusCodePages());
        app.MapHealthApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        app.MapOperatorApi();
        app.MapManagementApi();
        app.MapOpenAIApi();
        app.MapAnthropicApi();
        app.MapCompatibilityApi();
        app.MapConsole();
        app.MapXaiRouterDashboard();
        return app;
    }
}
