namespace XaiRouter.Grains.Usage;

/// <summary>One hourly totals row of the ledger: an hour's usage of one key, model and provider key.</summary>
/// <param name="Hour">The hour's start, UTC, as <see cref="UsageStore.HourFormat"/> writes it.</param>
/// <param name="Totals">The sums.</param>
internal sealed record HourlyUsageTotals(string Hour, UsageTotals Totals);
