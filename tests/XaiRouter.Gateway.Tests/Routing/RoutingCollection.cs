namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>Routing tests share one Gateway and its health clock, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RoutingCollection : ICollectionFixture<RoutingFixture>
{
    public const string Name = "routing";
}
