namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Tests of failing ledgers share one Gateway whose reporter writes through <see cref="FlakyLedgers"/>.</summary>
[CollectionDefinition(Name)]
public sealed class LedgerGuardCollection : ICollectionFixture<LedgerGuardFixture>
{
    public const string Name = "ledger guard";
}
