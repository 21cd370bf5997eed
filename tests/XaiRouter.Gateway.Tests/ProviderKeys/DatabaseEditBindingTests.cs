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
    ];

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
                ids[field] = await tenant.AddProviderKeyAsync(upstream.BaseUrl, $"sk-db-edit-{field}-0001", [$"m-db-{field}"]);
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
