using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Gateway.Admin;

/// <summary>
/// Registers this Gateway's <see cref="NodeAgent"/> with the cluster's <see cref="INodeAgentRegistryGrain"/> once the
/// silo runs, again every <see cref="INodeAgentRegistryGrain.RefreshInterval"/> (the registry lives in memory), and
/// removes it when the host begins to stop. Registered after the silo, so it starts after it; the removal runs in
/// <see cref="StoppingAsync"/>, before the silo's own stopping stage, while this node can still reach the registry
/// (from a stopping silo the call failed and made Orleans try to move the registry's activation off it).
/// </summary>
internal sealed partial class NodeAgentRegistration(
    IGrainFactory grains, ILocalSiloDetails silo, NodeAgent agent, TimeProvider timeProvider, ILogger<NodeAgentRegistration> logger) : BackgroundService, IHostedLifecycleService
{
    /// <summary>How long the start waits for the first registration before going on (it completes in the background).</summary>
    private static readonly TimeSpan FirstRegistrationWait = TimeSpan.FromSeconds(2);

    private INodeAgent? _reference;

    private string Node => silo.SiloAddress.ToParsableString();

    private INodeAgentRegistryGrain Registry => grains.GetGrain<INodeAgentRegistryGrain>(GrainKeys.NodeAgents);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<INodeAgent>(agent);

        // The first registration before the Gateway is ready, so that a flush asked right after start reaches this
        // node; but never holding the start up for long: after a crash the registry's directory entry can point at a
        // dead silo until membership declares it dead, and a restarted node must rejoin without waiting for that.
        var first = RegisterAsync();
        await Task.WhenAny(first, Task.Delay(FirstRegistrationWait, timeProvider, cancellationToken));
        await base.StartAsync(cancellationToken);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Registry.UnregisterAsync(Node).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The registry drops a node that does not answer anyway.
            LogRegistrationFailed(logger, exception.GetType().Name, exception.Message);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(INodeAgentRegistryGrain.RefreshInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RegisterAsync();
        }
    }

    private async Task RegisterAsync()
    {
        try
        {
            await Registry.RegisterAsync(Node, _reference!);
        }
        catch (Exception exception)
        {
            LogRegistrationFailed(logger, exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(EventId = EventIds.NodeAgentRegistrationFailed, EventName = nameof(EventIds.NodeAgentRegistrationFailed), Level = LogLevel.Warning,
        Message = "This node's operator agent could not reach its registry ({ErrorType}: {Error}); xai-admin ledger flush and cache stats miss it until the next attempt")]
    private static partial void LogRegistrationFailed(ILogger logger, string errorType, string error);

    public override void Dispose()
    {
        if (_reference is not null)
        {
            grains.DeleteObjectReference<INodeAgent>(_reference);
        }

        base.Dispose();
    }
}
