namespace XaiRouter.Gateway;

/// <summary>Log event ids of request logging and telemetry (issue 19, part C): 2460-2499 and 2520-2559.</summary>
internal static partial class EventIds
{
    public const int RequestCompleted = 2460;
    public const int CircuitChanged = 2461;
}
