using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>What one round of sends did.</summary>
/// <param name="Settled">Records acknowledged by their ledger or set aside.</param>
/// <param name="Unsettled">Records left for the next round (the ledger looked down).</param>
/// <param name="Failure">The last failure of the round, when it left records unsettled.</param>
internal sealed record SettlementOutcome(int Settled, ImmutableArray<UsageRecord> Unsettled, Exception? Failure);
