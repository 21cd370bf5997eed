using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace XaiRouter.Gateway.Dashboard;

/// <summary>Maps the Orleans dashboard and its sign-in at <see cref="DashboardOptions.Path"/>, only when it is enabled.</summary>
internal static partial class DashboardEndpoints
{
    /// <summary>
    /// The dashboard's own files only: its bundle sets inline styles (charts, layout), hence <c>'unsafe-inline'</c>
    /// for styles, never for scripts; nothing may be loaded from, or sent to, another origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapXaiRouterDashboard(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var signIn = app.ServiceProvider.GetRequiredService<DashboardSignIn>();
        app.MapGet(DashboardOptions.Path + "/sign-in", DashboardSignIn.Form).ExcludeFromDescription();
        app.MapPost(DashboardOptions.Path + "/sign-in", (Delegate)signIn.SignInAsync).ExcludeFromDescription();
        app.MapOrleansDashboard(DashboardOptions.Path).AddEndpointFilter<DashboardGate>().ExcludeFromDescription();
        LogServed(app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardEndpoints)), DashboardOptions.Path);
        return app;
    }

    [LoggerMessage(EventId = EventIds.DashboardServed, EventName = nameof(EventIds.DashboardServed),
        Level = LogLevel.Information, Message = "Orleans dashboard served at {Path} (operator token required)")]
    private static partial void LogServed(ILogger logger, string path);
}
