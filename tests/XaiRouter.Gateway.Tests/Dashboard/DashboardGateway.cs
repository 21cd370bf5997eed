namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary>One Gateway with the dashboard on, shared by a test class; a small failure budget for the throttle test.</summary>
public sealed class DashboardGateway : IAsyncLifetime
{
    public const int FailureBurst = 3;

    public GatewayFactory Factory { get; } = DashboardClients.Create(FailureBurst);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
