using XaiRouter.Gateway.Forwarding.Tests;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// The request log's records of one model, once the ledger has them. An answer with a known length reaches the client
/// with its last byte, which can be before the pipeline has queued its usage record (a translated JSON answer always
/// has a length), so "nothing pending" alone does not mean the record is stored: wait until it shows, with a deadline.
/// </summary>
public static class LedgerRecords
{
    public static async Task<List<JsonElement>> OfModelAsync(GatewayFactory gateway, TenantSession tenant, string model, int expected = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await LedgerProbe.WaitForLedgerAsync(gateway);
            var page = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/requests?model=" + Uri.EscapeDataString(model), TestContext.Current.CancellationToken);
            var records = page.GetProperty("data").EnumerateArray().ToList();
            if (records.Count >= expected || DateTime.UtcNow > deadline)
            {
                return records;
            }
        }
    }
}
