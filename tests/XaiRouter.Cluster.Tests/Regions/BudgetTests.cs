using System.Diagnostics;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>One key's credit, spent concurrently in both regions, holds within the stated overspend bound.</summary>
[Collection(TwoRegionsCollection.Name)]
public sealed class BudgetTests(TwoRegions regions, ITestOutputHelper output)
{
    // The fake upstream reports 1 prompt and 1 completion token for this model. Only output is priced, so a request's
    // reservation (estimated prompt, about a dozen tokens, plus max_tokens = 1) is exactly its cost, $0.02: the
    // credit has room for exactly ten requests. (Priced on input too, the estimated prompt would reserve six times
    // the real cost and a $0.20 credit would hold a single request in flight, in one region as in two.)
    private const string Model = "usage-1-1";
    private const decimal OutputPricePerMillion = 20_000m;
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
            models = new Dictionary<string, object> { [Model] = new { input = 0m, cached_input = 0m, output = OutputPricePerMillion } },
        }, Cancellation))
        {
            Assert.True(priced.IsSuccessStatusCode, await priced.Content.ReadAsStringAsync(Cancellation));
        }

        var key = await BudgetedKeyAsync(onA, "budgeted");
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

        // The same credit and burst in one region (the key's home, no leases): what the two regions are measured against.
        var oneRegion = await BurstInAAsync(await BudgetedKeyAsync(onA, "one-region"));
        output.WriteLine($"one region, {2 * PerRegion} concurrent requests against the same credit: {oneRegion} admitted, spent ${oneRegion * RequestCost}");

        Assert.All(sent.Where(s => s.Status.Result != 200), s => Assert.Equal(429, s.Status.Result));
        // Every admitted request reached the upstream (and nothing else did): the upstream's count is the spend.
        Assert.Equal(admittedInA + admittedInB + 1, answeredByUpstream);
        // The stated bound: the sum of each request's real cost above its reservation, which is 0 here.
        Assert.True(spent <= Credit, $"spent ${spent} of a ${Credit} credit");
        Assert.Equal(Credit, oneRegion * RequestCost);
        // Utilisation: a region refuses only when less than one reservation fits in what it may spend (b asks its
        // home for more first; a counts b's lease), and every reservation here becomes spend, so at most one
        // reservation's worth can stay unused in each region: nearly what one region spends with the credit alone.
        Assert.True(spent >= Credit - (2 * RequestCost), $"spent only ${spent} of a ${Credit} credit (one region alone: ${oneRegion * RequestCost})");
    }

    private static async Task<string> BudgetedKeyAsync(HttpClient tenant, string name)
    {
        using var created = await tenant.PostAsJsonAsync("/x/keys", new { name, budget = new { credit_usd = Credit } }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!;
    }

    private async Task<int> BurstInAAsync(string key)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 2 * PerRegion).Select(_ => RegionChat.StatusAsync(regions.A, key, Model, Cancellation, maxOutputTokens: 1)));
        Assert.All(statuses.Where(s => s != 200), s => Assert.Equal(429, s));
        return statuses.Count(s => s == 200);
    }
}
