namespace XaiRouter.Gateway.Dashboard;

/// <summary>Orleans dashboard settings, configuration section <c>Dashboard</c>.</summary>
internal sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Where the dashboard is served: under <c>/admin</c>, but behind its own sign-in (a browser cannot send a bearer header).</summary>
    public const string Path = "/admin/dashboard";

    /// <summary>Longest accepted <see cref="SessionMinutes"/>: a day.</summary>
    public const int MaxSessionMinutes = 1440;

    /// <summary>
    /// <c>Dashboard:Enabled</c>: serve the Orleans dashboard at <see cref="Path"/>. Off by default: the route is then
    /// absent and the silo pays nothing for it (no grain call profiling, no dashboard grains, no log capture).
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary><c>Dashboard:SessionMinutes</c>: how long a sign-in cookie is accepted (1 to 1440; default 30).</summary>
    public int SessionMinutes { get; set; } = 30;
}
