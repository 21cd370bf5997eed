using System.Text;

namespace XaiRouter.Gateway.Limits.Tests;

/// <summary>Limits and budgets through the management API: stored as sent, shown back, changed by PATCH.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LimitsApiTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeyLimitsAndBudget_AreShownAsSent_WithSpendForOneKey_AndPatchReplacesThem()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var created = await tenant.Client.PostAsync("/x/keys", Json("""
            {"name":"metered","limits":{"rpm":10,"tpd":100000,"concurrency":2,"per_model":{"gpt-4o":{"rpm":5}}},
             "budget":{"credit_usd":12.5,"credit_expires_at":"2099-01-01T00:00:00Z","monthly_usd":3,"monthly_mode":"soft"}}
            """), Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;

        var read = await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/keys/{id}", Cancellation);

        Assert.Equal("""{"rpm":10,"tpd":100000,"concurrency":2,"per_model":{"gpt-4o":{"rpm":5}}}""", read.GetProperty("limits").GetRawText());
        Assert.Equal("""{"credit_usd":12.5,"credit_expires_at":"2099-01-01T00:00:00+00:00","monthly_usd":3,"monthly_mode":"soft"}""", read.GetProperty("budget").GetRawText());
        var status = read.GetProperty("budget_status");
        Assert.Equal(0m, status.GetProperty("credit_spent_usd").GetDecimal());
        Assert.Equal(12.5m, status.GetProperty("credit_left_usd").GetDecimal());
        Assert.Equal(3m, status.GetProperty("month_left_usd").GetDecimal());
        Assert.Matches("^[0-9]{4}-[0-9]{2}$", status.GetProperty("month").GetString());

        using var patched = await tenant.Client.PatchAsync($"/x/keys/{id}", Json("""{"limits":{"rpm":20},"budget":{}}"""), Cancellation);
        var after = await patched.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("""{"rpm":20}""", after.GetProperty("limits").GetRawText());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("budget").ValueKind);
    }

    [Fact]
    public async Task ProviderKeyLimits_OnCreateAndPatch_AndRefusedWhenMalformed()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        using var created = await tenant.Client.PostAsync("/x/provider-keys", Json("""
            {"name":"quota","provider":"openai","base_url":"https://api.openai.com/v1","api_key":"sk-quota-key-0123456789","models":["gpt-4o"],"limits":{"rpm":500,"tpm":30000}}
            """), Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal("""{"rpm":500,"tpm":30000}""", body.GetProperty("limits").GetRawText());

        using var patched = await tenant.Client.PatchAsync($"/x/provider-keys/{id}", Json("""{"limits":{"concurrency":8}}"""), Cancellation);
        Assert.Equal("""{"concurrency":8}""", (await patched.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("limits").GetRawText());

        using var refused = await tenant.Client.PatchAsync($"/x/provider-keys/{id}", Json("""{"limits":{"rpm":-1}}"""), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'limits.rpm'", (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/provider-keys", Cancellation);
        Assert.Equal("""{"concurrency":8}""", list.GetProperty("data").EnumerateArray().Single().GetProperty("limits").GetRawText());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
