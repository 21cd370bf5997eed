namespace XaiRouter.TestSupport;

/// <summary>A test cluster of two silos, for behaviour that must hold cluster-wide.</summary>
public sealed class TwoSiloClusterFixture : GrainClusterFixture
{
    public TwoSiloClusterFixture()
        : base(2)
    {
    }
}
