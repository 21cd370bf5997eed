namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>The limits tests share one two-gateway cluster and its clock, and run one at a time (the clock is shared).</summary>
[CollectionDefinition(Name)]
public sealed class TwoGatewayCollection : ICollectionFixture<TwoGatewayFixture>
{
    public const string Name = "two gateways";
}
