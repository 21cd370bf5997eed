using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// One round of the reporter's sends: tells a record the ledger can never take (a poison record) from a ledger that
/// is down, without stalling on either.
/// </summary>
/// <remarks>
/// The rule. Every part is sent whole first: the round's fresh records (grouped by tenant and day) before the records
/// an earlier round left unsettled, so that new traffic can prove the ledger works. A failing part is split (by totals
/// group, else in halves) and its parts are sent. An acknowledged send proves the ledger works; from then on the
/// failing parts are bisected down to single records, and a single record that fails is set aside (logged at Error
/// with its fields, counted, not retried) only after a record acknowledged earlier in the round is acknowledged once
/// more right after it failed (a repeat is ignored: exactly once), so a ledger that goes down during the bisection
/// gets nothing set aside. Before any acknowledgement, the round gives up after <see cref="ExploreLimit"/> failed
/// sends and calls it an outage: what is not settled is retried by the next round, after the reporter's back-off,
/// whole. During an outage a round costs a few sends, never one per record.
/// Several poison records (say, one in each half) do not look like an outage for ever: each further outage round
/// explores one more level of parts (3, 7, 15, then 31 failed sends: the whole and halves, then quarters, eighths,
/// sixteenths), and any acknowledged send of a round (fresh traffic, another tenant) proves the ledger for all its
/// parts. Only a backlog whose every record fails, with no other traffic, stays indistinguishable from an outage.
/// </remarks>
internal sealed partial class LedgerSettlement(
    Func<string, DateOnly, ImmutableArray<UsageRecord>, Task> send, ILogger logger, UsageReporterMetrics? metrics)
{
    /// <summary>How many times an exploring round's levels grow: from whole and halves down to sixteenths.</summary>
    private const int MaxExploreGrowth = 3;

    /// <summary>
    /// Failed sends a round allows before its first acknowledgement, after <paramref name="outageRounds"/> rounds that
    /// were outages: every part of one more level each time (3, 7, 15, 31).
    /// </summary>
    public static int ExploreLimit(int outageRounds) => (4 << Math.Min(outageRounds, MaxExploreGrowth)) - 1;

    /// <summary>Sends <paramref name="parts"/> (in this order), bisecting failures as the rule says.</summary>
    /// <param name="parts">The round's parts, fresh ones first.</param>
    /// <param name="outageRounds">How many rounds before this one in a row ended as outages.</param>
    /// <returns>The outcome: records settled (acknowledged or set aside), and what is left for the next round.</returns>
    public async Task<SettlementOutcome> SettleAsync(IEnumerable<SettlementPart> parts, int outageRounds)
    {
        var work = new LinkedList<SettlementPart>(parts);
        var waiting = new List<SettlementPart>();
        SettlementPart? knownGood = null;
        var settled = 0;
        var failuresBeforeProof = 0;
        var limit = ExploreLimit(outageRounds);
        Exception? lastFailure = null;
        while (work.First is { } node)
        {
            var part = node.Value;
            work.RemoveFirst();

            // A part already known to fail is not sent again once the ledger is proven: it is split at once.
            var failure = part.Failure is not null && knownGood is not null ? part.Failure : await TrySendAsync(part);
            if (failure is null)
            {
                settled += part.Records.Length;
                if (knownGood is null)
                {
                    // The first proof: what failed before it is bisected now, first.
                    foreach (var waited in Enumerable.Reverse(waiting))
                    {
                        work.AddFirst(waited);
                    }

                    waiting.Clear();
                }

                knownGood = part with { Records = [part.Records[0]] };
                continue;
            }

            lastFailure = failure;
            var failed = part with { Failure = failure };
            if (knownGood is not null)
            {
                if (failed.Records.Length > 1)
                {
                    // Proven: depth first, so that a single record (and its check) comes within a few sends.
                    foreach (var smaller in failed.Split().Reverse())
                    {
                        work.AddFirst(smaller);
                    }
                }
                else if (await TrySendAsync(knownGood) is null)
                {
                    SetAside(failed);
                    settled++;
                }
                else
                {
                    // The ledger went down during the round: everything unsettled is retried whole.
                    return Outage(settled, [failed, .. work], failure);
                }

                continue;
            }

            if (++failuresBeforeProof >= limit)
            {
                return Outage(settled, [.. waiting, failed, .. work], failure);
            }

            if (failed.Records.Length > 1)
            {
                // Exploring: breadth first, so that every half is tried before any quarter.
                foreach (var smaller in failed.Split())
                {
                    work.AddLast(smaller);
                }
            }
            else
            {
                waiting.Add(failed);
            }
        }

        return waiting.Count == 0 ? new SettlementOutcome(settled, [], null) : Outage(settled, waiting, lastFailure);
    }

    private static SettlementOutcome Outage(int settled, List<SettlementPart> unsettled, Exception? failure) =>
        new(settled, [.. unsettled.SelectMany(p => p.Records)], failure);

    private async Task<Exception?> TrySendAsync(SettlementPart part)
    {
        try
        {
            await send(part.TenantId, part.Day, part.Records);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return exception;
        }
    }

    private void SetAside(SettlementPart part)
    {
        var r = part.Records[0];
        LogRecordSetAside(logger, part.Failure, r.RequestId, r.TenantId, r.KeyId, r.Model, r.ProviderKeyId, r.Status, r.InputTokens, r.CachedInputTokens,
            r.CacheWriteTokens, r.OutputTokens, r.ReasoningTokens, r.CostUsd, r.Error);
        metrics?.SetAside();
    }

    [LoggerMessage(EventId = EventIds.UsageRecordSetAside, EventName = nameof(EventIds.UsageRecordSetAside), Level = LogLevel.Error,
        Message = "Usage record {RequestId} set aside: the ledger refused it while it took others (tenant {TenantId}, key {KeyId}, model {Model}, " +
            "provider key {ProviderKeyId}, status {Status}, input {InputTokens}, cached input {CachedInputTokens}, cache writes {CacheWriteTokens}, output {OutputTokens}, " +
            "reasoning {ReasoningTokens}, cost {CostUsd} USD, error {Error}); it is not retried")]
    private static partial void LogRecordSetAside(
        ILogger logger, Exception? exception, string requestId, string tenantId, string keyId, string model, string providerKeyId, int status, long inputTokens,
        long cachedInputTokens, long cacheWriteTokens, long outputTokens, long reasoningTokens, decimal costUsd, string? error);
}
