using System.Net.Http.Json;
using System.Text.Json;

namespace XaiRouter.Benchmarks;

/// <summary>Creates a tenant as the operator (who gets only a claim token) and claims its root key as the tenant.</summary>
internal static class BenchTenant
{
    /// <summary><paramref name="operatorClient"/> carries the operator token; returns the root key.</summary>
    public static async Task<string> CreateAndClaimAsync(HttpClient operatorClient, string name)
    {
        using var created = await operatorClient.PostAsJsonAsync("/admin/tenants", new { name });
        created.EnsureSuccessStatusCode();
        var claimToken = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_token").GetString();
        using var anonymous = new HttpClient { BaseAddress = operatorClient.BaseAddress };
        using var claimed = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = claimToken });
        claimed.EnsureSuccessStatusCode();
        return (await claimed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
