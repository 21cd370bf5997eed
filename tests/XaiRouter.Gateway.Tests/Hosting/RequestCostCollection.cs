namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>What a request costs the Gateway besides forwarding (ledger calls, tracing, logging scopes): one Gateway, tests one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RequestCostCollection : ICollectionFixture<RequestCostFixture>
{
    public const string Name = "request-cost";
}
