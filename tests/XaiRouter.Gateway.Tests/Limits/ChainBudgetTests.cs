using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Gateway.Forwarding.Tests;
using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>Issue 14, finding 4: each budget of a key chain is charged at that key's own billed cost.</summary>
[Collection(TwoGatewayCollection.Name)]
public sealed class ChainBudgetTests(TwoGatewayFixture cluster)
{
    // "hello" is estimated at 8 prompt tokens and max_tokens reserves 30; this model's upstream reports exactly that.
    private const string ExactModel = "usage-8-30";
    private const decimal PricePerMillion = 100m;
    private const decimal BaseCost = 38 * PricePerMillion / 1_000_000m;

    [Fact]
    public async Task ZeroMultiplierChild_SpendsItsParentsBudgetAtTheParentsOwnPrice_ThenIsRefused()
    {
        using var tenant = await cluster.CreateTenantAsync([ExactModel]);
        using (var prices = await tenant.Session.Client.PutAsJsonAsync("/x/prices",
            new { models = new Dictionary<string, object> { [ExactModel] = new { input = PricePerMillion, output = PricePerMillion } } }, TestContext.Current.CancellationToken))
        {
            prices.EnsureSuccessStatusCode();
        }

        // The parent bills at twice the list price and has credit for three of its own requests.
        var (parentId, parentKey) = await tenant.CreateKeyAsync(budget: new { credit_usd = 3 * 2 * BaseCost }, manage: true, priceMultiplier: 2m);
        using var parent = cluster.First.CreateClientWithKey(parentKey);
        using var created = await parent.PostAsJsonAsync("/x/keys", new { name = "free-child", price_multiplier = 0m }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var child = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var clients = tenant.ClientsFor(child.GetProperty("key").GetString()!);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await tenant.ChatAsync(clients, ExactModel);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        using var status = await tenant.Session.Client.GetAsync($"/x/keys/{parentId}", TestContext.Current.CancellationToken);
        var budget = (await status.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("budget_status");
        Assert.Equal(3 * 2 * BaseCost, budget.GetProperty("credit_spent_usd").GetDecimal());
        Assert.Equal(0m, budget.GetProperty("reserved_usd").GetDecimal());

        // The child's own bill (the usage ledger) stays at its own price: nothing.
        await LedgerProbe.WaitForLedgerAsync(cluster.First);
        await LedgerProbe.WaitForLedgerAsync(cluster.Second);
        var rows = await cluster.First.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IUsageLedgerGrain>(Grains.Abstractions.GrainKeys.UsageLedger(tenant.Session.Id, DateOnly.FromDateTime(DateTime.UtcNow))).GetTotalsAsync();
        var childRows = rows.Where(r => r.KeyId == child.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, childRows.Sum(r => r.Requests));
        Assert.Equal(0m, childRows.Sum(r => r.CostUsd));
    }
}
