using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions;

namespace XaiRouter.Gateway.Admin.Tests;

/// <summary>xai-admin in-process against a real Gateway's cluster: every command's table and JSON output.</summary>
public sealed class AdminCliTests(AdminCliFixture fixture) : IClassFixture<AdminCliFixture>
{
    [Fact]
    public async Task ClusterNodes_ListTheGatewayActiveWithItsActivations()
    {
        var node = Assert.Single((await fixture.RunAsync("cluster", "nodes", "--json")).Succeeded().Json.EnumerateArray());
        Assert.Equal("Active", node.GetProperty("status").GetString());
        Assert.Equal("Gateway", node.GetProperty("role").GetString());
        Assert.True(node.GetProperty("activations").GetInt32() > 0);

        var table = (await fixture.RunAsync("cluster", "nodes")).Succeeded().Stdout;
        Assert.StartsWith("ADDRESS", table, StringComparison.Ordinal);
        Assert.Contains(node.GetProperty("address").GetString()!, table, StringComparison.Ordinal);
        Assert.Contains("Gateway", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterGrains_CountActivationsByTypeAndSilo()
    {
        var rows = (await fixture.RunAsync("cluster", "grains", "--json")).Succeeded().Json.EnumerateArray().ToList();
        var tenants = Assert.Single(rows, r => r.GetProperty("grain_type").GetString()!.Contains("tenantdirectory", StringComparison.OrdinalIgnoreCase));
        Assert.True(tenants.GetProperty("activations").GetInt32() >= 1);
        Assert.Contains("GRAIN TYPE", (await fixture.RunAsync("cluster", "grains")).Succeeded().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsList_ShowsTheTenantByIdAndName()
    {
        var tenant = Assert.Single((await fixture.RunAsync("tenants", "list", "--json")).Succeeded().Json.EnumerateArray(),
            t => t.GetProperty("id").GetString() == fixture.Tenant.Id);
        Assert.Equal(AdminCliFixture.TenantName, tenant.GetProperty("name").GetString());
        Assert.Equal("active", tenant.GetProperty("status").GetString());
        Assert.True(tenant.GetProperty("claimed").GetBoolean());

        var table = (await fixture.RunAsync("tenants", "list")).Succeeded().Stdout;
        Assert.Contains(fixture.Tenant.Id, table, StringComparison.Ordinal);
        Assert.Contains(AdminCliFixture.TenantName, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsShow_ByName_GivesPoolsAndCounts()
    {
        var tenant = (await fixture.RunAsync("tenants", "show", AdminCliFixture.TenantName, "--json")).Succeeded().Json;
        Assert.Equal(fixture.Tenant.Id, tenant.GetProperty("id").GetString());
        Assert.Equal(1, tenant.GetProperty("pools").GetProperty("default").GetInt32());
        Assert.Equal(1, tenant.GetProperty("provider_keys").GetInt32());
        Assert.Equal(1, tenant.GetProperty("sub_keys").GetInt32());
        Assert.Contains("default@1", (await fixture.RunAsync("tenants", "show", fixture.Tenant.Id)).Succeeded().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantsDisableThenEnable_StopsThenRestoresTheTenantsKeys()
    {
        using var other = await TenantSession.CreateAsync(fixture.Gateway, "cli-toggled");
        var disabled = Assert.Single((await fixture.RunAsync("tenants", "disable", other.Id, "--json")).Succeeded().Json.EnumerateArray());
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        Assert.Equal("disabled", await OperatorStatusAsync(other.Id));

        Assert.Contains("Active", (await fixture.RunAsync("tenants", "enable", "cli-toggled")).Succeeded().Stdout, StringComparison.Ordinal);
        Assert.Equal("active", await OperatorStatusAsync(other.Id));
    }

    /// <summary>The tenant's status as the operator API reads it (the grain's, not a gateway's cached copy).</summary>
    private async Task<string?> OperatorStatusAsync(string tenantId)
    {
        using var client = fixture.Gateway.CreateOperatorClient();
        var tenant = await client.GetFromJsonAsync<JsonElement>($"/admin/tenants/{tenantId}", TestContext.Current.CancellationToken);
        return tenant.GetProperty("status").GetString();
    }

    [Fact]
    public async Task KeysTree_NestsTheSubKeyUnderTheRootWithItsPolicy()
    {
        var root = Assert.Single((await fixture.RunAsync("keys", "tree", fixture.Tenant.Id, "--json")).Succeeded().Json.EnumerateArray());
        Assert.Equal("root", root.GetProperty("kind").GetString());
        var child = Assert.Single(root.GetProperty("children").EnumerateArray());
        Assert.Equal(fixture.LimitedKey.Id, child.GetProperty("key_id").GetString());
        Assert.Equal(50, child.GetProperty("policy").GetProperty("limits").GetProperty("rpd").GetInt64());
        Assert.Equal("default@1", Assert.Single(child.GetProperty("pools").EnumerateArray()).GetString());

        var table = (await fixture.RunAsync("keys", "tree", AdminCliFixture.TenantName)).Succeeded().Stdout;
        Assert.Contains("└─ limited-child", table, StringComparison.Ordinal);
        Assert.Contains("rpd=50", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderKeysList_ShowsMetadataAndHealth()
    {
        var key = Assert.Single((await fixture.RunAsync("provider-keys", "list", fixture.Tenant.Id, "--json")).Succeeded().Json.EnumerateArray());
        Assert.Equal(fixture.ProviderKeyId, key.GetProperty("id").GetString());
        Assert.Equal(fixture.Upstream.BaseUrl, key.GetProperty("base_url").GetString());
        Assert.Equal("healthy", key.GetProperty("health").GetProperty("state").GetString());
        Assert.False(key.TryGetProperty("fingerprint", out _));

        var table = (await fixture.RunAsync("provider-keys", "list", AdminCliFixture.TenantName)).Succeeded().Stdout;
        Assert.Contains(fixture.ProviderKeyId, table, StringComparison.Ordinal);
        Assert.Contains("healthy", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderKeysList_DoesNotShowACredentialInTheBaseUrlsQuery()
    {
        const string QueryMarker = "QUERYMARKER-5d1c8e";
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "cli-query-url");
        await tenant.AddProviderKeyAsync(fixture.Upstream.BaseUrl + "?key=" + QueryMarker, "sk-cli-query-url-upstream", ["gpt-4o"]);

        var json = (await fixture.RunAsync("provider-keys", "list", tenant.Id, "--json")).Succeeded();
        var table = (await fixture.RunAsync("provider-keys", "list", tenant.Id)).Succeeded();

        Assert.Equal(fixture.Upstream.BaseUrl, Assert.Single(json.Json.EnumerateArray()).GetProperty("base_url").GetString());
        Assert.DoesNotContain(QueryMarker, json.Stdout + table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ShowsEachProviderKeysCircuit()
    {
        var row = Assert.Single((await fixture.RunAsync("health", fixture.Tenant.Id, "--json")).Succeeded().Json.EnumerateArray());
        Assert.Equal(fixture.ProviderKeyId, row.GetProperty("provider_key_id").GetString());
        Assert.Equal("healthy", row.GetProperty("health").GetProperty("state").GetString());
        Assert.Contains("COOLDOWN UNTIL", (await fixture.RunAsync("health", AdminCliFixture.TenantName)).Succeeded().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitsShowAndReset_ReadTheScopesWindowsAndMakeThemWhole()
    {
        var scope = $"{fixture.Tenant.Id}/k:{fixture.LimitedKey.Id}";
        var shown = (await fixture.RunAsync("limits", "show", scope, "--json")).Succeeded().Json;
        var window = Assert.Single(shown.GetProperty("state").GetProperty("windows").EnumerateArray());
        Assert.Equal("requests", window.GetProperty("quantity").GetString());
        Assert.Equal(50, window.GetProperty("limit").GetInt64());
        Assert.True(window.GetProperty("available").GetInt64() < 50);
        Assert.Contains("requests per 1.00:00:00", (await fixture.RunAsync("limits", "show", scope)).Succeeded().Stdout, StringComparison.Ordinal);

        // Without --yes the answer is asked for; anything but y changes nothing.
        var refused = await AdminCliFixture.RunWithAsync("n\n", "limits", "reset", scope, "--config", fixture.ConfigPath, "--data-dir", fixture.Gateway.DataPath);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Not confirmed", refused.Stderr, StringComparison.Ordinal);

        // A non-interactive shell (stdin at its end, as from /dev/null) does not confirm either.
        var closed = await AdminCliFixture.RunWithAsync(null, "limits", "reset", scope, "--config", fixture.ConfigPath, "--data-dir", fixture.Gateway.DataPath);
        Assert.Equal(1, closed.ExitCode);
        Assert.Contains("Not confirmed", closed.Stderr, StringComparison.Ordinal);
        var untouched = (await fixture.RunAsync("limits", "show", scope, "--json")).Succeeded().Json;
        Assert.True(Assert.Single(untouched.GetProperty("state").GetProperty("windows").EnumerateArray()).GetProperty("available").GetInt64() < 50);

        var reset = (await fixture.RunAsync("limits", "reset", scope, "--yes", "--json")).Succeeded().Json;
        var whole = Assert.Single(reset.GetProperty("state").GetProperty("windows").EnumerateArray());
        Assert.Equal(50, whole.GetProperty("available").GetInt64());
        Assert.Equal(0, reset.GetProperty("state").GetProperty("holds").GetInt32());
    }

    [Fact]
    public async Task LedgerFlushThenUsage_CountsTheServedRequest()
    {
        // A request just served waits in the Gateway's usage queue (its batch window); the flush sends it at once.
        using (var client = fixture.Gateway.CreateClientWithKey(fixture.Tenant.Key))
        using (var answer = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "gpt-4o", messages = new[] { new { role = "user", content = "again" } } }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var node = Assert.Single((await fixture.RunAsync("ledger", "flush", "--json")).Succeeded().Json.EnumerateArray());
        Assert.True(node.GetProperty("value").GetProperty("drained").GetBoolean());
        Assert.Equal(0, node.GetProperty("value").GetProperty("pending_after").GetInt64());

        var usage = (await fixture.RunAsync("usage", AdminCliFixture.TenantName, "--json")).Succeeded().Json;
        var model = Assert.Single(usage.GetProperty("rows").EnumerateArray());
        Assert.Equal("gpt-4o", model.GetProperty("group").GetString());
        Assert.Equal(2, model.GetProperty("requests").GetInt64());

        var byKey = (await fixture.RunAsync("usage", fixture.Tenant.Id, "--group-by", "key")).Succeeded().Stdout;
        Assert.Contains(fixture.LimitedKey.Id, byKey, StringComparison.Ordinal);
        Assert.Contains("total", byKey, StringComparison.Ordinal);
        Assert.Contains("PENDING AFTER", (await fixture.RunAsync("ledger", "flush")).Succeeded().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CacheStats_AnswersForTheGatewayNode()
    {
        var node = Assert.Single((await fixture.RunAsync("cache", "stats", "--json")).Succeeded().Json.EnumerateArray());
        var stats = node.GetProperty("value");
        Assert.True(stats.GetProperty("key_lookups").GetInt64() >= 1);
        Assert.True(stats.GetProperty("provider_keys").GetInt64() >= 1);
        Assert.Contains("HIT RATIO", (await fixture.RunAsync("cache", "stats")).Succeeded().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTenant_IsOneClearLineAndExitOne()
    {
        var line = (await fixture.RunAsync("tenants", "show", "no-such-tenant")).FailedWithOneLine();
        Assert.Contains("Unknown tenant 'no-such-tenant'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongClusterSettings_AreOneClearLineAndExitOne()
    {
        // No credentials in the data directory.
        using var empty = new TempDirectory();
        var noCredentials = (await AdminCliFixture.RunWithAsync(null, "tenants", "list", "--config", fixture.ConfigPath, "--data-dir", empty.Path)).FailedWithOneLine();
        Assert.Contains("cluster-tls.pfx", noCredentials, StringComparison.Ordinal);

        // The right credentials, a port nobody listens on.
        var config = empty.Combine("closed.json");
        await File.WriteAllTextAsync(config, $$"""{ "Cluster": { "GatewayPort": {{FreePorts.Next()}} } }""", TestContext.Current.CancellationToken);
        var unreachable = (await AdminCliFixture.RunWithAsync(null, "cluster", "nodes", "--config", config, "--data-dir", fixture.Gateway.DataPath)).FailedWithOneLine();
        Assert.Contains("Cannot reach the cluster", unreachable, StringComparison.Ordinal);

        // A setting the nodes would refuse.
        var invalid = empty.Combine("invalid.json");
        await File.WriteAllTextAsync(invalid, """{ "Cluster": { "Provider": "zookeeper" } }""", TestContext.Current.CancellationToken);
        var wrong = (await AdminCliFixture.RunWithAsync(null, "cluster", "nodes", "--config", invalid)).FailedWithOneLine();
        Assert.Contains("Cluster:Provider must be 'localhost' or 'redis'", wrong, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("tenants", "show")]
    [InlineData("limits", "show", "tenant-without-scope")]
    [InlineData("usage", "t", "--group-by", "colour")]
    public async Task BadCommandLine_ExitsTwo(params string[] args)
    {
        var run = await AdminCliFixture.RunWithAsync(null, args);
        Assert.Equal(2, run.ExitCode);
        Assert.NotEqual("", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCommandForTheTenant_ShowsNoSecretNorVerifierNorKeyslotBytes()
    {
        var tenant = fixture.Tenant;
        string[][] commands =
        [
            ["cluster", "nodes"], ["cluster", "grains"], ["tenants", "list"], ["tenants", "show", tenant.Id], ["keys", "tree", tenant.Id],
            ["provider-keys", "list", tenant.Id], ["limits", "show", $"{tenant.Id}/k:{fixture.LimitedKey.Id}"],
            ["limits", "show", $"{tenant.Id}/pk:{fixture.ProviderKeyId}"], ["usage", tenant.Id, "--group-by", "provider_key"], ["health", tenant.Id],
            ["ledger", "flush"], ["cache", "stats"],
        ];
        var output = new System.Text.StringBuilder();
        foreach (var command in commands)
        {
            foreach (var json in new[] { false, true })
            {
                var run = (await fixture.RunAsync(json ? [.. command, "--json"] : command)).Succeeded();
                output.Append(run.Stdout).Append(run.Stderr);
            }
        }

        var text = output.ToString();
        var grains = fixture.Gateway.Services.GetRequiredService<IGrainFactory>();
        var forbidden = new List<string> { AdminCliFixture.ProviderKeyMarker, AdminCliFixture.ProviderKeyMarker[^8..], tenant.Key, fixture.LimitedKey.Key };
        foreach (var keyId in new[] { fixture.LimitedKey.Id, (await grains.GetGrain<Grains.Abstractions.Tenants.ITenantGrain>(GrainKeys.Tenant(tenant.Id)).GetVaultAsync())!.RootKeyId! })
        {
            var record = (await grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId)).GetAsync())!;
            forbidden.AddRange(Encodings(record.Verifier));
            forbidden.AddRange(Encodings(record.Salt));
            forbidden.AddRange(record.Slots.SelectMany(s => Encodings(s.Sealed.Ciphertext)));
        }

        var providerKey = (await grains.GetGrain<IProviderKeyGrain>(GrainKeys.ProviderKey(tenant.Id, fixture.ProviderKeyId)).GetAsync())!;
        forbidden.AddRange(Encodings(providerKey.Key.Ciphertext));
        Assert.Contains(fixture.ProviderKeyId, text, StringComparison.Ordinal);
        foreach (var secret in forbidden)
        {
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"found '{secret}' in the output");
        }

        foreach (var field in new[] { "\"verifier\"", "\"salt\"", "\"slots\"", "\"ciphertext\"", "\"sealed\"", "\"fingerprint\"", "\"public_key\"", "keyslot" })
        {
            Assert.DoesNotContain(field, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The ways bytes could be printed: base64 and hex (a long enough prefix of each).</summary>
    private static IEnumerable<string> Encodings(byte[] bytes) =>
        bytes.Length < 8 ? [] : [Convert.ToBase64String(bytes)[..12], Convert.ToHexString(bytes)[..16]];
}
