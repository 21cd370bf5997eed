using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace XaiRouter.Gateway.Dashboard;

/// <summary>Registers the Orleans dashboard's silo side on the Gateway's co-hosted silo, only when it is enabled.</summary>
internal static class DashboardHosting
{
    /// <remarks>
    /// The dashboard's grains live in its assembly, which the Gateway always references, so Orleans would otherwise
    /// advertise them on every Gateway silo. With the dashboard off they are taken out of this silo's grain classes:
    /// Orleans places a grain only on silos whose manifest has its class, so in a cluster where some nodes enable the
    /// dashboard (a Gateway) and others do not (another Gateway, or a Silo process, which never references the
    /// package), the dashboard's grains are activated only where their services are registered.
    /// </remarks>
    public static WebApplicationBuilder AddXaiRouterDashboard(this WebApplicationBuilder builder, DashboardOptions options)
    {
        builder.Services.AddSingleton(Options.Create(options));
        if (!options.Enabled)
        {
            var dashboardAssembly = typeof(Orleans.Dashboard.DashboardOptions).Assembly;
            builder.Services.Configure<GrainTypeOptions>(grains => grains.Classes.RemoveWhere(type => type.Assembly == dashboardAssembly));
            return builder;
        }

        builder.Services.AddSingleton<DashboardSessions>();
        builder.Services.AddSingleton<DashboardSignIn>();
        builder.Services.AddSingleton<DashboardGate>();
        builder.UseOrleans(static silo => silo.AddDashboard());
        return builder;
    }
}
