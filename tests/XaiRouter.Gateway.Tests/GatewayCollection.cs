namespace XaiRouter.Gateway.Tests;

/// <summary>Functional tests share one in-process Gateway.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "gateway";
}
