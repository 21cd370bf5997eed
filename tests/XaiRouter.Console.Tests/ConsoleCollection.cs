namespace XaiRouter.Console.Tests;

/// <summary>
/// Every browser test shares one Gateway process, one fake upstream and one chromium (each test opens its own
/// browser context): starting them is most of the run's cost on 2 cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
