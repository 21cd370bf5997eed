namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Management calls the budget tests repeat: keys, prices, settings, records and budget status.</summary>
internal static class BudgetTenant
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Creates a key with <paramref name="body"/> through <paramref name="client"/>; returns its id and secret.</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/x/keys", body, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);
    }

    public static async Task SetPriceAsync(TenantSession tenant, string model, decimal input, decimal output)
    {
        using var response = await tenant.Client.PutAsJsonAsync("/x/prices",
            new { models = new Dictionary<string, object> { [model] = new { input, output } } }, Cancellation);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> PutSettingsAsync(TenantSession tenant, object settings)
    {
        using var response = await tenant.Client.PutAsJsonAsync("/x/settings", settings, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    public static async Task<JsonElement> BudgetStatusAsync(TenantSession tenant, string keyId) =>
        (await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/keys/{keyId}", Cancellation)).GetProperty("budget_status");

    /// <summary>The request records of <paramref name="keyId"/>, newest first, once the ledger has them.</summary>
    public static async Task<List<JsonElement>> RecordsAsync(GatewayFactory gateway, TenantSession tenant, string keyId)
    {
        await Forwarding.Tests.LedgerProbe.WaitForLedgerAsync(gateway);
        var page = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/requests", Cancellation);
        return [.. page.GetProperty("data").EnumerateArray().Where(r => r.GetProperty("key_id").GetString() == keyId)];
    }

    /// <summary>A chat completion with the prompt "hello" and <c>max_tokens</c> 30.</summary>
    public static Task<HttpResponseMessage> ChatAsync(HttpClient client, string model) =>
        client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hello" } }, max_tokens = 30 }, Cancellation);

    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");
}
