namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Budget and usage tests share one Gateway on a real socket and one fake upstream; each test has its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class BudgetCollection : ICollectionFixture<BudgetFixture>
{
    public const string Name = "budget";
}
