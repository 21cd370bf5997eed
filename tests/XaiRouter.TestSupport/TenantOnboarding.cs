using System.Net.Http.Json;
using System.Text.Json;

namespace XaiRouter.TestSupport;

/// <summary>
/// Operator-blind onboarding over HTTP, for tests against real processes: the operator creates the tenant and gets
/// its claim token; the tenant claims its root key from a client with no credentials.
/// </summary>
public static class TenantOnboarding
{
    /// <summary>Creates a tenant with <paramref name="operatorClient"/> and claims it; returns its id and root key.</summary>
    public static async Task<(string Id, string Key)> CreateAndClaimAsync(HttpClient operatorClient, string name, CancellationToken cancellationToken)
    {
        using var created = await operatorClient.PostAsJsonAsync("/admin/tenants", new { name }, cancellationToken);
        created.EnsureSuccessStatusCode();
        var tenant = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        using var anonymous = new HttpClient { BaseAddress = operatorClient.BaseAddress, Timeout = operatorClient.Timeout };
        using var claimed = await anonymous.PostAsJsonAsync("/x/claim", new { claim_token = tenant.GetProperty("claim_token").GetString() }, cancellationToken);
        claimed.EnsureSuccessStatusCode();
        var key = (await claimed.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("key").GetString()!;
        return (tenant.GetProperty("id").GetString()!, key);
    }
}
