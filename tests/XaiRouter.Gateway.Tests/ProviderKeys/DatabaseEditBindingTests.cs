using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace XaiRouter.Gateway.ProviderKeys.Tests;

/// <summary>
/// Issue 14, finding 2 (database): whoever can write the grain storage edits a provider key's row while no gateway
/// holds it; after a restart on the same data, a request never reaches the edited destination.
/// </summary>
public sealed class DatabaseEditBindingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>One provider key per bound field, and the edit of its stored JSON.</summary>
    private static readonly (string Field, Action<JsonObject, string> Edit)[] Edits =
    [
        ("base_url", (record, attackerUrl) => record["BaseUrl"] = attackerUrl),
        // Another kind of the same wire format: an anthropic kind would need the request translated before its unlock.
        ("provider", (record, _) => record["Provider"] = "OpenAICompatible"),
        ("pool", (record, _) => record["Pool"] = "other"),
        ("version", (record, _) => record["PoolVersion"] = 2),
        ("id", (record, _) => record["Id"] = "EditedIdAAAAAAAAA"),
        ("organization", (record, _) => record["Organization"] = "org-attacker"),

        // Issue 17: an azure-openai key's route (which deployment path and version it is sent to) is bound like its host.
        ("api_version", (record, _) => record["ApiVersion"] = "2023-05-15"),
        ("deployments", (record, _) => record["Deployments"] = new JsonObject { ["m-db-deployments"] = "attacker-deployment" }),
    ];

    /// <summary>The fields only an azure-openai key has: their keys are created as such.</summary>
    private static readonly HashSet<string> AzureFields = ["api_version", "deployments"];

    [Fact]
    public async Task EditedRow_OfEachBoundField_IsNeverSentAfterRestart()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var attacker = await FakeUpstream.StartAsync();
        var first = new GatewayFactory();
        string tenantId, rootKey;
        var ids = new Dictionary<string, string>();
        try
        {
            using var tenant = await TenantSession.CreateAsync(first);
            (tenantId, rootKey) = (tenant.Id, tenant.Key);
            (await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "other" }, Cancellation)).EnsureSuccessStatusCode();

            // The root also holds pool default's key under version 2, so an edited version still finds a slot.
            await StoredProviderKeys.AddSlotAliasAsync(first, tenant, "default", 1, 2);
            foreach (var (field, _) in Edits)
            {
                ids[field] = AzureFields.Contains(field)
                    ? await AddAzureKeyAsync(tenant, upstream.RootUrl, $"db-edit-{field}-0001", $"m-db-{field}")
                    : await tenant.AddProviderKeyAsync(upstream.BaseUrl, $"sk-db-edit-{field}-0001", [$"m-db-{field}"]);
                using var served = await ProviderKeyScopingTests.ChatAsync(tenant.Client, $"m-db-{field}");
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            }
        }
        finally
        {
            await first.DisposeAsync(leaveData: true);
        }

        foreach (var (field, edit) in Edits)
        {
            EditRow(first.Data.Combine("xai-router.db"), ids[field], record => edit(record, attacker.BaseUrl));
        }

        await using var second = new GatewayFactory { Data = first.Data };
        using var root = second.CreateClientWithKey(rootKey);
        foreach (var (field, _) in Edits)
        {
            using var refused = await ProviderKeyScopingTests.ChatAsync(root, $"m-db-{field}");
            var body = await refused.Content.ReadAsStringAsync(Cancellation);

            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{field}: {refused.StatusCode} {body}");
            Assert.Equal("provider_key_unverified", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
            var logged = Assert.Single(StoredProviderKeys.SecurityEvents(second, field == "id" ? "EditedIdAAAAAAAAA" : ids[field]));
            Assert.Contains(tenantId, logged, StringComparison.Ordinal);
        }

        Assert.Equal(0, attacker.CredentialsSeen);
        Assert.Empty(attacker.Requests);
        Assert.Equal(Edits.Length, upstream.CredentialsSeen);
        Assert.DoesNotContain(upstream.Requests, r => r.PathAndQuery.Contains("attacker", StringComparison.Ordinal) || r.PathAndQuery.Contains("2023-05-15", StringComparison.Ordinal));
    }

    private static async Task<string> AddAzureKeyAsync(TenantSession tenant, string resource, string apiKey, string model)
    {
        using var response = await tenant.Client.PostAsJsonAsync("/x/provider-keys", new
        {
            name = "azure", provider = "azure-openai", base_url = resource, api_key = apiKey, models = new[] { model },
            deployments = new Dictionary<string, string> { [model] = "original-deployment" },
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    /// <summary>Rewrites the stored JSON of provider key <paramref name="id"/> in the grain storage table.</summary>
    private static void EditRow(string databasePath, string id, Action<JsonObject> edit)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT key_string, payload FROM xai_grain_state WHERE key_string LIKE '%' || $id";
        read.Parameters.AddWithValue("$id", id);
        string key;
        JsonObject state;
        using (var reader = read.ExecuteReader())
        {
            Assert.True(reader.Read(), $"no row for provider key {id}");
            key = reader.GetString(0);
            state = JsonNode.Parse((byte[])reader["payload"])!.AsObject();
            Assert.False(reader.Read());
        }

        edit(state["Record"]!.AsObject());
        using var write = connection.CreateCommand();
        write.CommandText = "UPDATE xai_grain_state SET payload = $payload WHERE key_string = $key";
        write.Parameters.AddWithValue("$payload", System.Text.Encoding.UTF8.GetBytes(state.ToJsonString()));
        write.Parameters.AddWithValue("$key", key);
        Assert.Equal(1, write.ExecuteNonQuery());
    }
}
