namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>Forwarding tests share one fake upstream and one Gateway, and run one at a time (the upstream's stream gate is shared).</summary>
[CollectionDefinition(Name)]
public sealed class ForwardingCollection : ICollectionFixture<ForwardingFixture>
{
    public const string Name = "forwarding";
}
