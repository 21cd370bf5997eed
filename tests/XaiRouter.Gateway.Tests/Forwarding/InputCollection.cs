namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>The bad-input tests share one Gateway and run one at a time (they count log lines).</summary>
[CollectionDefinition(Name)]
public sealed class InputCollection : ICollectionFixture<InputFixture>
{
    public const string Name = "input";
}
