namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>The Messages API tests share one Gateway and its fake upstreams, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class MessagesCollection : ICollectionFixture<MessagesFixture>
{
    public const string Name = "messages";
}
