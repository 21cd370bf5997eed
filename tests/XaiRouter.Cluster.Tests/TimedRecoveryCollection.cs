namespace XaiRouter.Cluster.Tests;

/// <summary>
/// Tests that hold recovery times to a bound (a killed node back and serving within 15 s) run alone, after the other
/// process tests: on 2 cores, nodes started by tests running alongside stretched a restart past its bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedRecoveryCollection
{
    public const string Name = "timed recovery";
}
