namespace XaiRouter.Grains.Abstractions.Admin;

/// <summary>A node's usage queue around a flush.</summary>
/// <param name="PendingBefore">Records not yet acknowledged by their ledger when the flush started.</param>
/// <param name="PendingAfter">Records still unacknowledged when it ended (new requests may have added some).</param>
/// <param name="Drained">Whether every record queued before the flush was acknowledged within the timeout.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.LedgerFlush")]
public sealed record LedgerFlush(
    [property: Id(0)] long PendingBefore,
    [property: Id(1)] long PendingAfter,
    [property: Id(2)] bool Drained);
