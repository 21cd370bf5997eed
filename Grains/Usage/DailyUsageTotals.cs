namespace XaiRouter.Grains.Usage;

/// <summary>One totals row of the ledger: a day's usage of one key, model and provider key.</summary>
internal sealed record DailyUsageTotals(DateOnly Day, UsageTotals Totals);
