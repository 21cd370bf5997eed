namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Issue 15, defect 5: a model without a price can't slip past a budget.</summary>
[Collection(BudgetCollection.Name)]
public sealed class UnpricedModelTests(BudgetFixture fixture)
{
    private const string Unpriced = "house-model-unpriced";
    private const string Priced = "usage-8-30";

    [Fact]
    public async Task BudgetedKey_UnpricedModel_Is403NamingIt_UntilTheTenantAllowsUnpricedModelsOrPricesIt()
    {
        using var tenant = await fixture.CreateTenantAsync("unpriced", Unpriced);
        var (keyId, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "budgeted", budget = new { credit_usd = 0.01m } });
        using var client = fixture.Gateway.CreateClientWithKey(key);
        var before = fixture.Upstream.Requests.Count(r => r.Body.Contains(Unpriced, StringComparison.Ordinal));

        using var refused = await BudgetTenant.ChatAsync(client, Unpriced);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = await BudgetTenant.ErrorAsync(refused);
        Assert.Equal("model_not_priced", error.GetProperty("code").GetString());
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(Unpriced, message, StringComparison.Ordinal);
        Assert.Contains("PUT /x/prices", message, StringComparison.Ordinal);
        Assert.Contains("allow_unpriced_models", message, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Upstream.Requests.Count(r => r.Body.Contains(Unpriced, StringComparison.Ordinal)));

        // The tenant allows unpriced models: served, at no cost to the budget, flagged.
        var settings = await BudgetTenant.PutSettingsAsync(tenant, new { allow_unpriced_models = true });
        Assert.True(settings.GetProperty("allow_unpriced_models").GetBoolean());
        using var allowed = await BudgetTenant.ChatAsync(client, Unpriced);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        // The log also holds the earlier refusal (model_not_priced); the served request is the one without an error.
        var record = Assert.Single(await BudgetTenant.RecordsAsync(fixture.Gateway, tenant, keyId), r => r.GetProperty("error").ValueKind == JsonValueKind.Null);
        Assert.True(record.GetProperty("unpriced").GetBoolean());
        Assert.Equal(0m, record.GetProperty("cost_usd").GetDecimal());

        // Withdrawn again, then priced: served and charged to the budget.
        Assert.False((await BudgetTenant.PutSettingsAsync(tenant, new { allow_unpriced_models = false })).GetProperty("allow_unpriced_models").GetBoolean());
        using var again = await BudgetTenant.ChatAsync(client, Unpriced);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        await BudgetTenant.SetPriceAsync(tenant, Unpriced, 100m, 100m);
        using var priced = await BudgetTenant.ChatAsync(client, Unpriced);
        Assert.Equal(HttpStatusCode.OK, priced.StatusCode);
        Assert.Equal(((5 * 100m) + (2 * 100m)) / 1_000_000m, (await BudgetTenant.BudgetStatusAsync(tenant, keyId)).GetProperty("credit_spent_usd").GetDecimal());
    }

    [Fact]
    public async Task OutOfCreditParent_ItsChildWithoutABudget_IsRefusedThePricedModelAndTheUnpricedOne()
    {
        using var tenant = await fixture.CreateTenantAsync("unpriced-chain", Unpriced, Priced);
        await BudgetTenant.SetPriceAsync(tenant, Priced, 1000m, 1000m);
        var (_, parentKey) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "parent", manage = true, budget = new { credit_usd = 0.01m } });
        using var parent = fixture.Gateway.CreateClientWithKey(parentKey);
        var (_, childKey) = await BudgetTenant.CreateKeyAsync(parent, new { name = "child" });
        using var child = fixture.Gateway.CreateClientWithKey(childKey);

        using var priced = await BudgetTenant.ChatAsync(child, Priced);
        using var unpriced = await BudgetTenant.ChatAsync(child, Unpriced);

        Assert.Equal(HttpStatusCode.TooManyRequests, priced.StatusCode);
        Assert.Equal("insufficient_quota", (await BudgetTenant.ErrorAsync(priced)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, unpriced.StatusCode);
        Assert.Equal("model_not_priced", (await BudgetTenant.ErrorAsync(unpriced)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task KeyWithoutABudget_UnpricedModel_IsServedAtNoCostAndFlaggedUnpriced()
    {
        using var tenant = await fixture.CreateTenantAsync("unpriced-free", Unpriced);
        var (keyId, key) = await BudgetTenant.CreateKeyAsync(tenant.Client, new { name = "unlimited" });
        using var client = fixture.Gateway.CreateClientWithKey(key);

        using var response = await BudgetTenant.ChatAsync(client, Unpriced);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The log also holds the earlier refusal (model_not_priced); the served request is the one without an error.
        var record = Assert.Single(await BudgetTenant.RecordsAsync(fixture.Gateway, tenant, keyId), r => r.GetProperty("error").ValueKind == JsonValueKind.Null);
        Assert.True(record.GetProperty("unpriced").GetBoolean());
        Assert.Equal(0m, record.GetProperty("cost_usd").GetDecimal());
        Assert.False((await tenant.Client.GetFromJsonAsync<JsonElement>("/x/settings", TestContext.Current.CancellationToken)).GetProperty("allow_unpriced_models").GetBoolean());
    }
}
