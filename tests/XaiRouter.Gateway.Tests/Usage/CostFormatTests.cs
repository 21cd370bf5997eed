namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Issue 15, item 9: costs are written as plain decimals in JSON, never in exponent notation.</summary>
[Collection(BudgetCollection.Name)]
public sealed class CostFormatTests(BudgetFixture fixture)
{
    [Fact]
    public async Task SmallCosts_AreWrittenAsPlainDecimals_InRequestsUsageAndBudgetStatus()
    {
        const string model = "gpt-4o-mini";
        using var tenant = await fixture.CreateTenantAsync("cost-format", model);
        var (keyId, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "small", budget = new { credit_usd = 1m } });
        using var client = fixture.Gateway.CreateClientWithKey(key);

        using var response = await BudgetTenant.ChatAsync(client, model);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await BudgetTenant.RecordsAsync(fixture.Gateway, tenant, keyId);

        // 5 prompt tokens at 0.15 and 2 completion tokens at 0.60 USD per 1M: 0.00000195 USD.
        var requests = await tenant.Client.GetStringAsync("/x/requests", TestContext.Current.CancellationToken);
        var usage = await tenant.Client.GetStringAsync("/x/usage", TestContext.Current.CancellationToken);
        var keyText = await tenant.Client.GetStringAsync($"/x/keys/{keyId}", TestContext.Current.CancellationToken);
        Assert.Contains("\"cost_usd\":0.00000195", requests, StringComparison.Ordinal);
        Assert.Contains("\"cost_usd\":0.00000195", usage, StringComparison.Ordinal);
        Assert.Contains("\"credit_spent_usd\":0.00000195", keyText, StringComparison.Ordinal);
        foreach (var text in new[] { requests, usage, keyText })
        {
            Assert.DoesNotMatch("\"[a-z_]+\":-?[0-9.]+[eE]", text);
        }
    }
}
