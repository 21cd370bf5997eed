namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Issue 15, defect 5: dated and <c>-latest</c> names cost money end to end, and a budget sees it.</summary>
[Collection(BudgetCollection.Name)]
public sealed class BuiltInPriceTests(BudgetFixture fixture)
{
    [Theory]
    [InlineData("claude-3-5-haiku-latest", 0.80, 4.00)]
    [InlineData("gpt-4o-2024-08-06", 2.50, 10.00)]
    public async Task DatedAndLatestNames_AreChargedAtTheirFamilysListPrice(string model, double input, double output)
    {
        using var tenant = await fixture.CreateTenantAsync("dated-" + model, model);
        var (keyId, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "budgeted", budget = new { credit_usd = 1m } });

        await fixture.Sdk(key).GetChatClient(model).CompleteChatAsync([new OpenAI.Chat.UserChatMessage("hi")], cancellationToken: TestContext.Current.CancellationToken);

        // The fake upstream reports 5 prompt and 2 completion tokens.
        var cost = ((5 * (decimal)input) + (2 * (decimal)output)) / 1_000_000m;
        var record = Assert.Single(await BudgetTenant.RecordsAsync(fixture.Gateway, tenant, keyId));
        Assert.Equal(cost, record.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(cost, (await BudgetTenant.BudgetStatusAsync(tenant, keyId)).GetProperty("credit_spent_usd").GetDecimal());
    }
}
