namespace XaiRouter.Console.Tests;

/// <summary>Traffic sent with the official OpenAI SDK shows on the overview and the usage page with the API's own numbers.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class UsageTotalsTests(ConsoleFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Traffic_OverviewUsageChartAndCsv_ShowTheTotalsOfTheUsageApi()
    {
        var tenant = await fixture.CreateTenantWithUpstreamAsync("Totals Ltd", Cancellation);
        await tenant.SendChatAsync("usage-1200-300", 3, Cancellation);
        await tenant.SendChatAsync("usage-800-200", 2, Cancellation);
        await using var console = await ConsolePage.OpenAsync(fixture);

        await console.SignInWithPassphraseAsync(tenant);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var month = DateTime.UtcNow.ToString("yyyy-MM-01", CultureInfo.InvariantCulture);
        var todays = (await tenant.GetJsonAsync($"/x/usage?from={today}&to={today}", Cancellation)).GetProperty("totals");
        var months = (await tenant.GetJsonAsync($"/x/usage?from={month}&to={today}", Cancellation)).GetProperty("totals");
        Assert.Equal(5, todays.GetProperty("requests").GetInt64());
        Assert.True(todays.GetProperty("cost_usd").GetDecimal() > 0);
        Assert.Equal(todays.GetProperty("cost_usd").GetDecimal(), await console.DataValueAsync("spend-today"));
        Assert.Equal(months.GetProperty("cost_usd").GetDecimal(), await console.DataValueAsync("spend-month"));
        Assert.Equal(todays.GetProperty("requests").GetInt64(), await console.DataValueAsync("requests-today"));
        // The traffic went with the root key: a passphrase session names it, not only its id.
        await Expect(console.Page.GetByTestId("top-keys")).ToContainTextAsync("root");
        await Expect(console.Page.GetByTestId("top-keys")).Not.ToContainTextAsync(tenant.RootKey.Substring(6, 17));

        await console.NavigateAsync("Usage");
        await console.Page.GetByLabel("Metric", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Cost" });
        await console.Page.GetByLabel("Stack by", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Model" });
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await console.ReadyAsync();

        var from = await console.Page.GetByLabel("From", new() { Exact = true }).InputValueAsync();
        var to = await console.Page.GetByLabel("To", new() { Exact = true }).InputValueAsync();
        var totals = (await tenant.GetJsonAsync($"/x/usage?from={from}&to={to}", Cancellation)).GetProperty("totals");
        var chart = console.Page.GetByTestId("usage-chart");
        await Expect(chart.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(".+"));
        var segments = await chart.Locator("rect[data-value]").EvaluateAllAsync<string[]>("rects => rects.map(r => r.getAttribute('data-value'))");
        Assert.NotEmpty(segments);
        Assert.Equal(totals.GetProperty("cost_usd").GetDecimal(), segments.Sum(ConsolePage.ParseDecimal));
        await Expect(console.Page.GetByTestId("hourly-chart")).ToBeVisibleAsync();

        var totalsRow = console.Page.GetByTestId("usage-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Total" }).Last;
        var cells = await totalsRow.Locator("[data-value]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.getAttribute('data-value'))");
        Assert.Contains(totals.GetProperty("cost_usd").GetDecimal(), cells.Select(ConsolePage.ParseDecimal));

        // Export CSV downloads exactly what is shown: the API's CSV for the same range and grouping.
        var download = await console.Page.RunAndWaitForDownloadAsync(() =>
            console.Page.GetByRole(AriaRole.Button, new() { Name = "Export CSV", Exact = true }).ClickAsync());
        using var client = tenant.CreateClient();
        var expected = await client.GetStringAsync($"/x/usage.csv?from={from}&to={to}&group_by=day,model", Cancellation);
        Assert.Equal(expected, await File.ReadAllTextAsync(await download.PathAsync(), Cancellation));
    }
}
