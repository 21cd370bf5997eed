using System.Diagnostics;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>One key's credit, spent concurrently in both regions, holds within the stated overspend bound.</summary>
[Collection(TwoRegionsCollection.Name)]
public sealed class BudgetTests(TwoRegions regions, ITestOutputHelper output)
{
    // The fake upstream reports 1 prompt and 1 completion token for this model; at these prices a request costs
    // exactly $0.02, and the reservation (estimated prompt plus max_tokens = 1) is never below it.
    private const string Model = "usage-1-1";
    private const decimal PricePerMillion = 10_000m;
    private const decimal RequestCost = 0.02m;
    private const decimal Credit = 0.20m;
    private const int PerRegion = 20;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentTrafficInBothRegions_AgainstOneCredit_SpendsNoMoreThanTheCreditPlusTheStatedBound()
    {
        var (_, rootKey) = await regions.CreateTenantAsync(regions.A, "budget", [Model], Cancellation);
        using var onA = TwoRegions.Client(regions.A, rootKey);
        using (var priced = await onA.PutAsJsonAsync("/x/prices", new
        {
            models = new Dictionary<string, object> { [Model] = new { input = PricePerMillion, cached_input = PricePerMillion, output = PricePerMillion } },
        }, Cancellation))
        {
            Assert.True(priced.IsSuccessStatusCode, await priced.Content.ReadAsStringAsync(Cancellation));
        }

        using var created = await onA.PostAsJsonAsync("/x/keys", new { name = "budgeted", budget = new { credit_usd = Credit } }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
        // The key (and the tenant's price) has reached b once b serves it; that request spends like any other. Without
        // max_tokens the reservation would be the model's whole default output, far above this credit.
        await RegionChat.UntilStatusAsync(regions.B, key, Model, 200, Stopwatch.StartNew(), RegionBounds.ReplicationLag, Cancellation, maxOutputTokens: 1);

        var clock = Stopwatch.StartNew();
        var sent = Enumerable.Range(0, 2 * PerRegion)
            .Select(i => (Region: i % 2 == 0 ? regions.A : regions.B, Status: RegionChat.StatusAsync(i % 2 == 0 ? regions.A : regions.B, key, Model, Cancellation, maxOutputTokens: 1)))
            .ToList();
        await Task.WhenAll(sent.Select(s => s.Status));
        var elapsed = clock.Elapsed;

        var admittedInA = sent.Count(s => s.Region == regions.A && s.Status.Result == 200);
        var admittedInB = sent.Count(s => s.Region == regions.B && s.Status.Result == 200);
        var answeredByUpstream = regions.Upstream.Requests.Count(r => r.Body.Contains($"\"{Model}\"", StringComparison.Ordinal));
        var spent = answeredByUpstream * RequestCost;
        output.WriteLine($"credit ${Credit}, ${RequestCost} a request, {PerRegion} concurrent requests per region in {elapsed.TotalMilliseconds:0} ms: "
            + $"{admittedInA} admitted in a, {admittedInB} in b (plus 1 in b before), {answeredByUpstream} answered upstream, spent ${spent}, overspend ${Math.Max(0, spent - Credit)}");

        Assert.All(sent.Where(s => s.Status.Result != 200), s => Assert.Equal(429, s.Status.Result));
        // Every admitted request reached the upstream (and nothing else did): the upstream's count is the spend.
        Assert.Equal(admittedInA + admittedInB + 1, answeredByUpstream);
        // The stated bound: the sum of each request's real cost above its reservation, which is 0 here.
        Assert.True(spent <= Credit, $"spent ${spent} of a ${Credit} credit");
        Assert.True(admittedInA + admittedInB > 0, "nothing was admitted while the credit had room");
    }
}
