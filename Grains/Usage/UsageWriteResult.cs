namespace XaiRouter.Grains.Usage;

/// <summary>What one ledger write did, for the caller's answer and for the tests that keep its cost flat.</summary>
/// <param name="Inserted">Records that were new (served and refused); a request id already stored is not.</param>
/// <param name="Statements">SQL statements the write executed.</param>
/// <param name="RowsWritten">Rows the statements inserted or updated (request rows plus totals rows).</param>
internal sealed record UsageWriteResult(int Inserted, int Statements, int RowsWritten);
